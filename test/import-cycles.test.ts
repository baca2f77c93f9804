/**
 * No module imports itself through others (ARCHITECTURE.md): every static `import`/`export ...
 * from` between the repo's TypeScript files, `import type` included (a type-only cycle still
 * ties the modules' shapes together), walked as a graph; each strongly connected set of two or
 * more files is a cycle, named with the files in it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import * as assert from 'uvu/assert'
import { suite } from './helpers/suite.ts'

const test = suite('import cycles', { deadline: 60 })
const ROOT = resolve(import.meta.dirname, '..')
const FOLDERS = ['handler', 'src', 'runner', 'scenarios', 'bench', 'test']

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Each file's relative imports, resolved to paths. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false)
    const targets = source.statements.flatMap((statement) => {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) return []
      const specifier = statement.moduleSpecifier
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return []
      const target = resolve(dirname(file), specifier.text)
      return known.has(target) ? [target] : []
    })
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** The strongly connected sets of two or more nodes, or of one node importing itself (Tarjan). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string): void => {
    order.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!))
      }
    }
    if (low.get(node) !== order.get(node)) return
    const members: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      members.push(member)
    } while (member !== node)
    if (members.length > 1 || graph.get(node)?.includes(node)) cycles.push(members.sort())
  }
  for (const node of graph.keys()) if (!order.has(node)) visit(node)
  return cycles
}

test('the cycle finder finds a cycle of three, a file importing itself, and nothing in a chain', () => {
  const cycles = findCycles(new Map([
    ['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']], ['f', ['d']],
  ]))
  assert.equal(cycles.sort(), [['a', 'b', 'c'], ['e']])
})

test('the import graph reads type-only imports and re-exports, each target once', () => {
  const graph = importGraph([join(ROOT, 'src/load/executors/executor.ts'), join(ROOT, 'src/load/executors/planned-phase.ts'), join(ROOT, 'src/load/virtual-thread.ts')])
  // `import type { ThreadRun }` and `export { WHOLE } from './planned-phase.ts'`.
  assert.equal(graph.get(join(ROOT, 'src/load/executors/executor.ts'))!.map((f) => relative(ROOT, f)).sort(), ['src/load/executors/planned-phase.ts', 'src/load/virtual-thread.ts'])
})

test('no import cycle in the repository', () => {
  const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))
  assert.ok(files.length > 300, `only ${files.length} files found`)
  const cycles = findCycles(importGraph(files)).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' <-> '))
  assert.equal(cycles, [], `import cycles:\n${cycles.join('\n')}`)
})

test.run()

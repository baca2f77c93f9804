/**
 * The imports of a script that edgeload cannot offer (k6-modules.ts), each with its line, read
 * from the script's syntax tree: what a scenario that failed to load is told.
 */
import { readFileSync } from 'node:fs'
import { lineOf, parseScript, type Node } from './convert/ast.ts'
import { unsupportedModule } from './k6-modules.ts'

export function unsupportedImports(file: string): string[] {
  let program: Node
  try {
    program = parseScript(readFileSync(file, 'utf8'))
  } catch {
    return [] // not plain JavaScript (TypeScript, or a syntax error the loader reports itself)
  }
  const problems: string[] = []
  for (const statement of program.body as Node[]) {
    const source = statement.type === 'ImportDeclaration' ? String(statement.source.value) : undefined
    const why = source === undefined ? undefined : unsupportedModule(source)
    if (why) problems.push(`line ${lineOf(statement)}: imports ${source}: ${why}`)
  }
  return problems
}

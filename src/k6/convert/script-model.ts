/**
 * What the converter needs to know about a k6 script before rewriting it: the names its k6
 * imports are bound to, its module-level functions, which of them are entries (the default
 * function, scenario `exec`s, setup, teardown, handleSummary), its `options` declaration, and
 * which functions need the thread's `http` and `ctx` (they use k6's per-VU API, directly or
 * through another such function).
 */
import { isFunction, isReference, memberPath, propertyName, walk, type Node } from './ast.ts'
import type { Problems } from './problems.ts'
import { unsupportedModule } from '../k6-modules.ts'

export type EntryKind = 'iteration' | 'exec' | 'setup' | 'teardown' | 'handleSummary'

export interface Entry {
  kind: EntryKind
  fn: Node
  /** The statement that declares it (`export default function ...`, `export function setup`, a `const`). */
  statement: Node
  /** The name it has in the module, if any. */
  name?: string
}

export interface ScriptModel {
  program: Node
  /** Local names of `k6/http`'s default or namespace import. */
  httpNames: Set<string>
  /** Local name -> export name, for `import { get } from 'k6/http'`. */
  httpNamed: Map<string, string>
  /** Local names of `k6`'s default or namespace import (`k6.check`). */
  k6Names: Set<string>
  /** Local name -> export name (check, group, sleep, fail, randomSeed). */
  k6Named: Map<string, string>
  /** Local names of `k6/execution`'s default import. */
  execNames: Set<string>
  imports: Node[]
  /** Module-level functions by name: declarations and `const f = () => ...`. */
  functions: Map<string, Node>
  /** The statement declaring each module-level function. */
  functionStatements: Map<Node, Node>
  entries: Entry[]
  options?: { statement: Node; declarator: Node }
  /** Functions (module-level) that need http and ctx passed in. */
  needsContext: Set<Node>
  /** Every identifier name in the script, to pick names that do not clash. */
  names: Set<string>
}

const K6_EXPORTS = new Set(['check', 'group', 'sleep', 'fail', 'randomSeed'])
const VU_GLOBALS = new Set(['__ENV', '__VU', '__ITER'])

export function readModel(program: Node, problems: Problems): ScriptModel {
  const model: ScriptModel = {
    program, httpNames: new Set(), httpNamed: new Map(), k6Names: new Set(), k6Named: new Map(), execNames: new Set(),
    imports: [], functions: new Map(), functionStatements: new Map(), entries: [], needsContext: new Set(), names: new Set(),
  }
  for (const node of walk(program)) if (node.type === 'Identifier') model.names.add(node.name)
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration') readImport(statement, model, problems)
    else readDeclaration(statement, model, problems)
  }
  readExecEntries(model)
  findNeedsContext(model)
  return model
}

function readImport(statement: Node, model: ScriptModel, problems: Problems): void {
  model.imports.push(statement)
  const source = String(statement.source.value)
  const why = unsupportedModule(source)
  if (why) return problems.fatal(statement, `imports ${source}: ${why}`)
  for (const specifier of statement.specifiers as Node[]) {
    const local = specifier.local.name as string
    const imported = specifier.type === 'ImportSpecifier' ? (specifier.imported.name ?? specifier.imported.value) as string : undefined
    if (source === 'k6/http') {
      if (imported === undefined) model.httpNames.add(local)
      else model.httpNamed.set(local, imported)
    } else if (source === 'k6') {
      if (imported === undefined) model.k6Names.add(local)
      else if (K6_EXPORTS.has(imported)) model.k6Named.set(local, imported)
      else problems.fatal(statement, `imports ${imported} from k6: not something edgeload offers (it has check, group, sleep, fail)`)
    } else if (source === 'k6/execution') {
      if (imported === undefined) model.execNames.add(local)
      else problems.fatal(statement, `imports { ${imported} } from k6/execution: import its default (import exec from 'k6/execution')`)
    }
  }
  if (source.startsWith('.') || source.startsWith('/')) {
    problems.note(statement, `imports ${source}, kept as it is: if it uses k6's modules, convert it too and pass http and ctx to what it exports`)
  }
}

function readDeclaration(statement: Node, model: ScriptModel, problems: Problems): void {
  const exported = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
  const declaration: Node | undefined = exported ? statement.declaration : statement
  if (statement.type === 'ExportDefaultDeclaration') {
    const value = statement.declaration as Node
    if (isFunction(value)) {
      if (value.id) addFunction(model, value.id.name, value, statement)
      model.entries.push({ kind: 'iteration', fn: value, statement, name: value.id?.name })
    } else if (value.type === 'Identifier') {
      model.entries.push({ kind: 'iteration', fn: value, statement, name: value.name })
    } else problems.fatal(statement, 'the default export is not a function: k6 runs the default function as the iteration')
    return
  }
  if (!declaration) {
    if (statement.type === 'ExportNamedDeclaration' && statement.specifiers?.length) {
      problems.note(statement, '`export { ... }` kept as it is: name scenario exec functions with `export function`')
    }
    return
  }
  if (declaration.type === 'FunctionDeclaration') {
    addFunction(model, declaration.id.name, declaration, statement)
    if (exported) addNamedEntry(model, declaration.id.name, declaration, statement)
    return
  }
  if (declaration.type !== 'VariableDeclaration') return
  for (const declarator of declaration.declarations as Node[]) {
    if (declarator.id.type !== 'Identifier') continue
    const name = declarator.id.name as string
    if (exported && name === 'options') {
      model.options = { statement, declarator }
      continue
    }
    if (isFunction(declarator.init)) {
      addFunction(model, name, declarator.init, statement)
      if (exported) addNamedEntry(model, name, declarator.init, statement)
    }
  }
}

function addFunction(model: ScriptModel, name: string, fn: Node, statement: Node): void {
  model.functions.set(name, fn)
  model.functionStatements.set(fn, statement)
}

function addNamedEntry(model: ScriptModel, name: string, fn: Node, statement: Node): void {
  if (name === 'setup' || name === 'teardown' || name === 'handleSummary') model.entries.push({ kind: name, fn, statement, name })
}

/** `exec: 'name'` in options.scenarios names an exported function: an iteration of its own. */
function readExecEntries(model: ScriptModel): void {
  const scenarios = model.options?.declarator.init?.properties?.find((p: Node) => propertyName(p) === 'scenarios')?.value
  if (scenarios?.type !== 'ObjectExpression') return
  for (const scenario of scenarios.properties as Node[]) {
    if (scenario.value?.type !== 'ObjectExpression') continue
    const exec = (scenario.value.properties as Node[]).find((p) => propertyName(p) === 'exec')?.value
    if (exec?.type !== 'Literal' || typeof exec.value !== 'string') continue
    const fn = model.functions.get(exec.value)
    if (fn && !model.entries.some((e) => e.fn === fn)) model.entries.push({ kind: 'exec', fn, statement: model.functionStatements.get(fn)!, name: exec.value })
  }
}

/** Entries always get http and ctx; other functions when they use the VU's API, to a fixpoint. */
function findNeedsContext(model: ScriptModel): void {
  for (const entry of model.entries) if (isFunction(entry.fn)) model.needsContext.add(entry.fn)
  let changed = true
  while (changed) {
    changed = false
    for (const fn of model.functions.values()) {
      if (model.needsContext.has(fn) || !usesVu(fn, model)) continue
      model.needsContext.add(fn)
      changed = true
    }
  }
}

function usesVu(fn: Node, model: ScriptModel): boolean {
  for (const node of walk(fn.body)) {
    if (node.type !== 'Identifier' || !isReference(node)) continue
    const name = node.name as string
    if (VU_GLOBALS.has(name) || model.execNames.has(name)) return true
    if (model.httpNames.has(name)) {
      const path = node.parent?.type === 'MemberExpression' ? memberPath(node.parent) : undefined
      if (path !== `${name}.expectedStatuses`) return true
    }
    if (model.httpNamed.has(name)) return true
    const k6 = model.k6Named.get(name)
    if (k6 === 'check' || k6 === 'group' || k6 === 'sleep') return true
    if (model.k6Names.has(name)) return true
    const other = model.functions.get(name)
    if (other && other !== fn && model.needsContext.has(other)) return true
  }
  return false
}

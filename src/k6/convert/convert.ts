/**
 * `node runner convert SCRIPT.js`: a k6 script rewritten as an edgeload scenario, on its syntax
 * tree (acorn) with the edits applied to the source (magic-string), so what is not k6's stays as
 * written. The default function becomes the iteration (`async`, `http` and `ctx` as arguments),
 * setup and teardown the scenario's, `options` its fields; docs/scenarios.md ("From k6") has the
 * table of what converts. Problems carry the script's line; a fatal one means the result would
 * not run (or not mean what the script meant), and the command exits non-zero.
 */
import MagicString from 'magic-string'
import { isFunction, parseScript, ScriptSyntaxError, type Node } from './ast.ts'
import { Problems, type Problem } from './problems.ts'
import { rewriteBodies } from './rewrite-body.ts'
import { convertOptions } from './rewrite-options.ts'
import { readModel, type ScriptModel } from './script-model.ts'

export interface Conversion {
  code: string
  problems: Problem[]
  /** True when the result would run: no fatal problem. */
  ok: boolean
}

export function convertK6Script(source: string, scriptName: string): Conversion {
  const problems = new Problems()
  let program: Node
  try {
    program = parseScript(source)
  } catch (error) {
    if (!(error instanceof ScriptSyntaxError)) throw error
    problems.fatal(error.line, `not valid JavaScript: ${error.message}`)
    return { code: '', problems: problems.sorted(), ok: false }
  }
  const model = readModel(program, problems)
  const names = { http: pickName([...model.httpNames][0] ?? 'http', model), ctx: pickName('ctx', model) }
  const ms = new MagicString(source)
  const body = rewriteBodies(model, ms, source, names, problems)
  rewriteImports(model, ms, body.usesExpectedStatuses)
  const fields: string[] = []
  if (model.options) {
    const converted = convertOptions(model.options.declarator.init, ms, problems)
    if (converted) fields.push(...converted)
    ms.remove(model.options.statement.start, model.options.statement.end)
  }
  if (body.responseCallback) fields.push(`responseCallback: ${body.responseCallback}`)
  fields.push(...rewriteEntries(model, ms, names, body.asyncFunctions, problems))
  rewriteHelpers(model, ms, source, names, body.asyncFunctions)
  markAsync(body.asyncFunctions, model, ms, problems)
  checkIteration(model, problems)
  let code = `${header(scriptName, problems)}${ms.toString().trim().replace(/\n{3,}/g, '\n\n')}\n`
  if (body.usesFail) code += "\n/** k6's fail(): ends the iteration with this error. */\nfunction fail(message) {\n  throw new Error(message)\n}\n"
  code += `\nexport default {\n${fields.map((f) => `  ${f},`).join('\n')}\n}\n`
  checkParses(code, problems)
  return { code, problems: problems.sorted(), ok: !problems.anyFatal }
}

function pickName(wanted: string, model: ScriptModel): string {
  if (wanted !== 'ctx' || !model.names.has(wanted)) return wanted
  let name = 'k6ctx'
  while (model.names.has(name)) name += '_'
  return name
}

/** k6's modules go (their functions are on http and ctx now); k6/metrics becomes edgeload/metrics. */
function rewriteImports(model: ScriptModel, ms: MagicString, usesExpectedStatuses: boolean): void {
  let added = false
  for (const statement of model.imports) {
    const source = String(statement.source.value)
    if (source === 'k6/metrics') ms.overwrite(statement.source.start, statement.source.end, "'edgeload/metrics'")
    else if (source === 'k6' || source === 'k6/http' || source === 'k6/execution') {
      const replacement: string = source === 'k6/http' && usesExpectedStatuses && !added ? "import { expectedStatuses } from 'edgeload/http'" : ''
      added ||= replacement !== ''
      ms.overwrite(statement.start, statement.end, replacement)
    }
  }
  if (usesExpectedStatuses && !added) ms.prepend("import { expectedStatuses } from 'edgeload/http'\n")
}

/** Rewrites each entry's header; returns the scenario fields naming them. */
function rewriteEntries(model: ScriptModel, ms: MagicString, names: { http: string; ctx: string }, asyncFunctions: Set<Node>, problems: Problems): string[] {
  const fields: string[] = []
  const context = `${names.http}, ${names.ctx}`
  for (const entry of model.entries) {
    if (!isFunction(entry.fn)) {
      // `export default main`: main is a module function; the statement goes, the field names it.
      if (entry.kind === 'iteration' && entry.name) {
        if (!model.functions.has(entry.name)) problems.fatal(entry.statement, `export default ${entry.name}: not a function declared in this script`)
        ms.remove(entry.statement.start, entry.statement.end)
        fields.push(`iteration: ${entry.name}`)
      }
      continue
    }
    if (entry.kind === 'handleSummary') {
      problems.note(entry.statement, 'handleSummary() dropped: the report, --out FILE.json (the summary) and --html FILE take its place')
      ms.remove(entry.statement.start, entry.statement.end)
      continue
    }
    const fn = entry.fn
    const params = fn.params as Node[]
    const name = entry.kind === 'iteration' ? (entry.name ?? 'iteration') : entry.name!
    let signature = context
    let firstLine = ''
    if (entry.kind === 'teardown') signature = `${params[0] ? ms.slice(params[0].start, params[0].end) : '_data'}, ${context}`
    else if (entry.kind !== 'setup' && params[0]) firstLine = dataLine(params[0], ms, names.ctx)
    if (params.length > (entry.kind === 'setup' ? 0 : 1)) problems.note(fn, `${name}(): parameters after the first are dropped (k6 passes only setup's data)`)
    const declared = fn.type === 'FunctionDeclaration' || entry.statement.type === 'ExportDefaultDeclaration'
    const keepExport = entry.kind === 'exec'
    if (declared) {
      const start = keepExport ? fn.start : entry.statement.start
      ms.overwrite(start, fn.body.start, `async function ${name}(${signature}) ${fn.body.type === 'BlockStatement' ? '' : '{ return '}`)
      if (fn.body.type !== 'BlockStatement') ms.appendLeft(fn.body.end, ' }')
    } else {
      // `export const browse = () => {...}`
      ms.overwrite(fn.start, fn.body.start, fn.type === 'ArrowFunctionExpression' ? `async (${signature}) => ` : `async function (${signature}) `)
    }
    if (firstLine) {
      if (fn.body.type === 'BlockStatement') ms.appendLeft(fn.body.start + 1, `\n  ${firstLine}`)
      else problems.fatal(fn, `${name}: an expression body with a data parameter; give it a block body`)
    }
    asyncFunctions.add(fn)
    if (entry.kind === 'exec') continue
    fields.push(entry.kind === 'iteration' && name !== 'iteration' ? `iteration: ${name}` : name)
  }
  return fields
}

/** `const data = ctx.data` for k6's `default function (data)`; patterns and defaults kept. */
function dataLine(param: Node, ms: MagicString, ctx: string): string {
  const text = ms.slice(param.start, param.end)
  if (param.type === 'AssignmentPattern') return `const [${text}] = [${ctx}.data]`
  return `const ${text} = ${ctx}.data`
}

/** Module-level functions that use the VU's API: `async`, and `http, ctx` before their parameters. */
function rewriteHelpers(model: ScriptModel, ms: MagicString, source: string, names: { http: string; ctx: string }, asyncFunctions: Set<Node>): void {
  const context = `${names.http}, ${names.ctx}`
  for (const fn of model.needsContext) {
    if (model.entries.some((e) => e.fn === fn)) continue
    if (!fn.async) ms.appendLeft(fn.start, 'async ')
    asyncFunctions.add(fn)
    const params = fn.params as Node[]
    const open = source.indexOf('(', fn.id ? fn.id.end : fn.start)
    const bareParam = fn.type === 'ArrowFunctionExpression' && params.length === 1 && (open < 0 || open > params[0]!.start)
    if (bareParam) {
      ms.appendLeft(params[0]!.start, `(${context}, `)
      ms.prependRight(params[0]!.end, ')')
    } else ms.appendLeft(open + 1, params.length ? `${context}, ` : context)
  }
}

/** Nested functions that now await (a group's callback, a local helper) become async. */
function markAsync(functions: Set<Node>, model: ScriptModel, ms: MagicString, problems: Problems): void {
  for (const fn of functions) {
    if (fn.async || model.needsContext.has(fn)) continue
    if (fn.parent?.type === 'Property' && (fn.parent.method || fn.parent.kind !== 'init')) {
      problems.fatal(fn, 'a method that now awaits a request: write it as a function property (name: async function () { ... })')
      continue
    }
    ms.appendLeft(fn.start, 'async ')
  }
}

function checkIteration(model: ScriptModel, problems: Problems): void {
  if (model.entries.some((e) => e.kind === 'iteration')) return
  const scenarios = model.options?.declarator.init?.properties?.find((p: Node) => p.key?.name === 'scenarios')?.value
  const all = scenarios?.type === 'ObjectExpression' && scenarios.properties.length > 0 &&
    scenarios.properties.every((s: Node) => s.value?.properties?.some((f: Node) => f.key?.name === 'exec'))
  if (!all) problems.fatal(model.options?.statement ?? 1, 'no default function: k6 runs it as the iteration (or each scenario names its exec)')
}

function header(scriptName: string, problems: Problems): string {
  const lines = [`// Converted from ${scriptName} by \`node runner convert\` (docs/scenarios.md, "From k6").`]
  for (const p of problems.sorted()) lines.push(`// ${p.fatal ? 'NOT CONVERTED' : 'note'}: line ${p.line}: ${p.message}`)
  return `${lines.join('\n')}\n\n`
}

/** A converter bug must not hand out code that does not parse. */
function checkParses(code: string, problems: Problems): void {
  try {
    parseScript(code)
  } catch (error) {
    if (!(error instanceof ScriptSyntaxError)) throw error
    problems.fatal(1, `the converted code does not parse (line ${error.line} of the output: ${error.message}); please report the script`)
  }
}


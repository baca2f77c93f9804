/**
 * Rewrites what k6 does synchronously into what edgeload does asynchronously, in place:
 * `http.get(...)` becomes `await http.get(...)` on the thread's `http`, `check`/`group`/`sleep`
 * move onto `ctx` (sleep's seconds become milliseconds), `__ENV`/`__VU`/`__ITER` read the ctx, a
 * function that now awaits becomes `async` and every call of it is awaited, and module-level
 * functions that use the VU's API take `http, ctx` first. What cannot be awaited where it is (a
 * request inside a forEach callback) is a fatal problem with its line.
 */
import type MagicString from 'magic-string'
import { enclosingFunction, isFunction, isReference, memberPath, propertyName, walk, type Node } from './ast.ts'
import type { Problems } from './problems.ts'
import type { EntryKind, ScriptModel } from './script-model.ts'

/** k6/http functions that send a request (awaited). */
const REQUEST_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'head', 'options', 'request', 'batch', 'asyncRequest'])
/** Request params edgeload's client takes (docs/scenarios.md, `http`). */
const REQUEST_PARAMS = new Set(['headers', 'tags', 'timeout', 'redirects', 'cookies', 'responseType', 'responseCallback', 'name'])
const PARAM_HINTS: Record<string, string> = {
  auth: "basic auth: send headers: { authorization: 'Basic ' + btoa('user:pass') } (digest and NTLM are not supported)",
  jar: 'one cookie jar per thread (ctx.cookies); per-request jars are not supported',
  compression: 'request bodies are not compressed',
}
const RESPONSE_METHODS_UNSUPPORTED: Record<string, string> = {
  html: 'HTML parsing (res.html()) is not supported',
  submitForm: 'res.submitForm() is not supported',
  clickLink: 'res.clickLink() is not supported',
}
const EXEC_PATHS: Record<string, string> = {
  'vu.idInTest': 'ctx.vu',
  'vu.iterationInScenario': 'ctx.iteration',
  'scenario.name': 'ctx.scenario',
}

export interface BodyResult {
  /** Functions that became async (module-level ones get it in their rewritten header). */
  asyncFunctions: Set<Node>
  usesFail: boolean
  usesExpectedStatuses: boolean
  /** `http.setResponseCallback(X)` at the top level: X's text, for the scenario's responseCallback. */
  responseCallback?: string
}

interface Names {
  http: string
  ctx: string
}

export function rewriteBodies(model: ScriptModel, ms: MagicString, source: string, names: Names, problems: Problems): BodyResult {
  const r = new Rewriter(model, ms, source, names, problems)
  r.run()
  return { asyncFunctions: r.asyncFunctions, usesFail: r.usesFail, usesExpectedStatuses: r.usesExpectedStatuses, responseCallback: r.responseCallback }
}

class Rewriter {
  readonly asyncFunctions = new Set<Node>()
  usesFail = false
  usesExpectedStatuses = false
  responseCallback: string | undefined
  private responseCallbackStatement: Node | undefined
  /** Calls that will be awaited. */
  private readonly asyncCalls = new Set<Node>()
  /** Functions nested in a module-level function, called by name, that became async. */
  private readonly asyncLocalNames = new Map<Node, Set<string>>()
  private readonly entryKinds = new Map<Node, EntryKind>()

  /** Whether the script declares its own `open` (then its calls are not k6's open()); read once. */
  private ownOpen: boolean | undefined

  constructor(
    private readonly model: ScriptModel,
    private readonly ms: MagicString,
    private readonly source: string,
    private readonly names: Names,
    private readonly problems: Problems,
  ) {
    for (const entry of model.entries) if (isFunction(entry.fn)) this.entryKinds.set(entry.fn, entry.kind)
  }

  run(): void {
    this.findAsyncCalls()
    // Outer nodes before inner ones (source order, depth first): prefixes then nest correctly.
    for (const node of walk(this.model.program)) this.rewrite(node)
    if (this.responseCallbackStatement) this.moveResponseCallback(this.responseCallbackStatement)
  }

  /** After the argument's own rewrites (expectedStatuses), its text moves to the scenario. */
  private moveResponseCallback(statement: Node): void {
    const arg = statement.expression.arguments[0] as Node | undefined
    this.responseCallback = arg ? this.ms.slice(arg.start, arg.end) : 'undefined'
    this.ms.overwrite(statement.start, statement.end, "// http.setResponseCallback: moved to the scenario's responseCallback")
  }

  /** The module-level function a node is in (its outermost function), if that function has ctx. */
  private contextOf(node: Node): Node | undefined {
    let outer: Node | undefined
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) outer = fn
    return outer && this.model.needsContext.has(outer) ? outer : undefined
  }

  private calleeKind(call: Node): 'request' | 'sleep' | 'group' | 'helper' | undefined {
    const callee = call.callee as Node
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier') {
      if (this.model.httpNames.has(callee.object.name) && REQUEST_METHODS.has(callee.property.name)) return 'request'
      if (this.model.k6Names.has(callee.object.name)) {
        const name = callee.property.name
        if (name === 'sleep' || name === 'group') return name
      }
    }
    if (callee.type !== 'Identifier') return undefined
    const named = this.model.httpNamed.get(callee.name)
    if (named && REQUEST_METHODS.has(named)) return 'request'
    const k6 = this.model.k6Named.get(callee.name)
    if (k6 === 'sleep' || k6 === 'group') return k6
    const fn = this.model.functions.get(callee.name)
    if (fn && this.model.needsContext.has(fn)) return 'helper'
    const outer = this.contextOf(call)
    if (outer && this.asyncLocalNames.get(outer)?.has(callee.name)) return 'helper'
    return undefined
  }

  /** Finds every call to await and every function that must become async, to a fixpoint. */
  private findAsyncCalls(): void {
    let changed = true
    while (changed) {
      changed = false
      for (const node of walk(this.model.program)) {
        if (node.type !== 'CallExpression' || this.asyncCalls.has(node) || !this.calleeKind(node)) continue
        this.asyncCalls.add(node)
        changed = true
        this.makeAsync(node)
      }
    }
  }

  private makeAsync(call: Node): void {
    const fn = enclosingFunction(call)
    if (!fn) return this.problems.fatal(call, `${this.text(call.callee)}(...) at the top level: k6 allows no requests, sleep or groups in the init context either`)
    if (this.asyncFunctions.has(fn)) return
    this.asyncFunctions.add(fn)
    if (this.model.needsContext.has(fn)) return
    const parent = fn.parent!
    if (parent.type === 'CallExpression' && parent.arguments[1] === fn && this.calleeKind(parent) === 'group') return
    const outer = this.contextOf(fn)
    const localName = fn.type === 'FunctionDeclaration' ? fn.id.name : parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined
    if (outer && localName) {
      let set = this.asyncLocalNames.get(outer)
      if (!set) this.asyncLocalNames.set(outer, (set = new Set()))
      set.add(localName)
      return
    }
    const host = parent.type === 'CallExpression' ? ` passed to ${this.text(parent.callee)}` : ''
    this.problems.fatal(call, `${this.text(call.callee)}(...) inside a callback${host}: here it returns a promise that callback cannot wait for; use a for...of loop (or a named function) instead`)
  }

  private rewrite(node: Node): void {
    switch (node.type) {
      case 'CallExpression': return this.rewriteCall(node)
      case 'Identifier': return this.rewriteIdentifier(node)
      case 'MemberExpression': return this.rewriteMember(node)
      case 'TaggedTemplateExpression': return this.rewriteTagged(node)
      case 'ExpressionStatement': return this.rewriteStatement(node)
    }
  }

  private rewriteStatement(statement: Node): void {
    const call = statement.expression
    if (call.type !== 'CallExpression' || statement.parent?.type !== 'Program') return
    if (this.isHttpMember(call.callee, 'setResponseCallback')) this.responseCallbackStatement = statement
  }

  private isHttpMember(node: Node, property: string): boolean {
    return node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' &&
      this.model.httpNames.has(node.object.name) && node.property.name === property
  }

  private rewriteCall(call: Node): void {
    const callee = call.callee as Node
    const kind = this.calleeKind(call)
    if (this.asyncCalls.has(call)) {
      const wrap = needsParens(call)
      this.ms.appendLeft(call.start, wrap ? '(await ' : 'await ')
      if (wrap) this.ms.prependRight(call.end, ')')
    }
    if (kind === 'request') return this.rewriteRequest(call)
    if (kind === 'sleep') return this.rewriteSleep(call)
    if (kind === 'group') return this.overwriteCallee(callee, `${this.names.ctx}.group`)
    if (kind === 'helper') return this.passContext(call)
    if (callee.type === 'Identifier' && callee.name === 'open' && !(this.ownOpen ??= declaresOpen(this.model.program))) {
      return this.problems.fatal(call, "open(): k6's file reading is not converted; read the file with node:fs (readFileSync) instead")
    }
    const k6 = this.k6Function(callee)
    if (k6 === 'check') {
      this.overwriteCallee(callee, `${this.names.ctx}.check`)
      if (!this.contextOf(call)) this.problems.fatal(call, 'check() outside a function that runs in a thread')
      return
    }
    if (k6 === 'fail') {
      this.usesFail = true
      if (callee.type === 'MemberExpression') this.ms.overwrite(callee.start, callee.end, 'fail')
      return
    }
    if (k6 === 'randomSeed') {
      this.problems.note(call, 'randomSeed(): Math.random is not seeded here; use ctx.random() and --seed for repeatable choices')
      this.ms.overwrite(call.start, call.end, 'undefined')
      return
    }
    if (callee.type === 'MemberExpression' && !callee.computed) this.rewriteOtherMethod(call, callee)
  }

  private k6Function(callee: Node): string | undefined {
    if (callee.type === 'Identifier') return this.model.k6Named.get(callee.name)
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && this.model.k6Names.has(callee.object.name)) return callee.property.name
    return undefined
  }

  private rewriteRequest(call: Node): void {
    const callee = call.callee as Node
    const method = callee.type === 'Identifier' ? this.model.httpNamed.get(callee.name)! : callee.property.name as string
    const ours = method === 'asyncRequest' ? 'request' : method
    if (callee.type === 'Identifier' || ours !== method || callee.object.name !== this.names.http) this.ms.overwrite(callee.start, callee.end, `${this.names.http}.${ours}`)
    if (!this.contextOf(call)) this.problems.fatal(call, `http.${method}() outside a function that runs in a thread`)
    const paramsIndex = { get: 1, head: 1, request: 3, asyncRequest: 3, batch: -1 }[method] ?? 2
    const params = paramsIndex >= 0 ? call.arguments[paramsIndex] : undefined
    if (params?.type === 'ObjectExpression') this.checkParams(params)
    const body = paramsIndex === 2 ? call.arguments[1] : paramsIndex === 3 ? call.arguments[2] : undefined
    this.formBody(body)
  }

  /** k6 sends an object body as a form; here an object goes as JSON and URLSearchParams as a form. */
  private formBody(body: Node | undefined): void {
    if (body?.type === 'ObjectExpression') {
      this.ms.appendLeft(body.start, 'new URLSearchParams(')
      this.ms.prependRight(body.end, ')')
    } else if (body?.type === 'Identifier' || body?.type === 'MemberExpression') {
      this.problems.note(body, `body ${this.text(body)}: if it is an object, k6 sends it as a form and edgeload as JSON; write new URLSearchParams(${this.text(body)}) for a form`)
    }
  }

  private checkParams(params: Node): void {
    for (const property of params.properties as Node[]) {
      const key = propertyName(property)
      if (key === undefined || REQUEST_PARAMS.has(key)) continue
      this.problems.fatal(property, `request param ${key}: ${PARAM_HINTS[key] ?? 'not a param edgeload takes (headers, tags, timeout, redirects, cookies, responseType, responseCallback)'}`)
    }
  }

  private rewriteSleep(call: Node): void {
    this.overwriteCallee(call.callee, `${this.names.ctx}.sleep`)
    const seconds = call.arguments[0] as Node | undefined
    if (!seconds) return this.problems.fatal(call, 'sleep() without a duration')
    if (seconds.type === 'Literal' && typeof seconds.value === 'number') {
      this.ms.overwrite(seconds.start, seconds.end, String(Math.round(seconds.value * 1_000_000) / 1000))
      return
    }
    // k6 sleeps seconds, ctx.sleep milliseconds.
    this.ms.appendLeft(seconds.start, '(')
    this.ms.prependRight(seconds.end, ') * 1000')
  }

  private overwriteCallee(callee: Node, text: string): void {
    this.ms.overwrite(callee.start, callee.end, text)
  }

  /** `login(user)` -> `login(http, ctx, user)` (awaited by rewriteCall). */
  private passContext(call: Node): void {
    const args = `${this.names.http}, ${this.names.ctx}`
    if (call.arguments.length) this.ms.appendLeft(call.arguments[0].start, `${args}, `)
    else this.ms.appendLeft(this.source.lastIndexOf(')', call.end - 1), args)
    if (!this.contextOf(call)) this.problems.fatal(call, `${this.text(call.callee)}() needs a thread's http and ctx, and is called where there is none`)
  }

  private rewriteOtherMethod(call: Node, callee: Node): void {
    const property = callee.property.name as string
    if (this.isHttpObject(callee.object)) {
      if (property === 'cookieJar') return void this.ms.overwrite(call.start, call.end, `${this.names.ctx}.cookies`)
      if (property === 'expectedStatuses') {
        this.usesExpectedStatuses = true
        return void this.ms.overwrite(callee.start, callee.end, 'expectedStatuses')
      }
      if (property === 'setResponseCallback') {
        if (call.parent?.type !== 'ExpressionStatement' || call.parent.parent?.type !== 'Program') this.problems.fatal(call, 'http.setResponseCallback() inside a function: set it once at the top level')
        return
      }
      return this.problems.fatal(call, `http.${property}() is not supported`)
    }
    if (RESPONSE_METHODS_UNSUPPORTED[property]) return this.problems.fatal(call, RESPONSE_METHODS_UNSUPPORTED[property]!)
    if (property === 'json' && call.arguments.length > 0) {
      this.problems.fatal(call, 'res.json(selector): selectors are not supported; read the field from res.json()')
    }
  }

  private isHttpObject(node: Node): boolean {
    return node.type === 'Identifier' && this.model.httpNames.has(node.name)
  }

  private rewriteIdentifier(node: Node): void {
    if (!isReference(node)) return
    const name = node.name as string
    const outer = this.contextOf(node)
    const kind = outer ? this.entryKinds.get(outer) : undefined
    const inThread = outer !== undefined && kind !== 'setup' && kind !== 'teardown' && kind !== 'handleSummary'
    const shorthand = node.parent?.type === 'Property' && node.parent.shorthand ? `${name}: ` : ''
    if (name === '__ENV') return void this.ms.overwrite(node.start, node.end, shorthand + (outer ? `${this.names.ctx}.env` : 'process.env'))
    if (name === '__VU') return void this.ms.overwrite(node.start, node.end, shorthand + (inThread ? `${this.names.ctx}.vu` : '0'))
    if (name === '__ITER') return void this.ms.overwrite(node.start, node.end, shorthand + (inThread ? `${this.names.ctx}.iteration` : '0'))
    const fn = this.model.functions.get(name)
    const parent = node.parent!
    if (!fn || !this.model.needsContext.has(fn) || (parent.type === 'CallExpression' && parent.callee === node)) return
    if (this.model.entries.some((e) => e.fn === fn && e.kind !== 'iteration' && e.kind !== 'exec') || parent.type === 'ExportSpecifier') return
    if (parent.type === 'ExportDefaultDeclaration') return
    if (parent.type === 'CallExpression' && parent.arguments[1] === node && this.calleeKind(parent) === 'group') {
      return void this.ms.overwrite(node.start, node.end, `() => ${name}(${this.names.http}, ${this.names.ctx})`)
    }
    if (this.model.entries.some((e) => e.fn === fn)) return
    this.problems.fatal(node, `${name} uses the thread's http or ctx and is passed as a value here: call it directly so convert can pass them`)
  }

  private rewriteMember(node: Node): void {
    const path = memberPath(node)
    const root = path?.split('.')[0]
    if (root && this.model.execNames.has(root) && node.parent?.type !== 'MemberExpression') {
      const rest = path!.slice(root.length + 1)
      const ours = EXEC_PATHS[rest]
      if (ours) this.ms.overwrite(node.start, node.end, ours.replace('ctx', this.names.ctx))
      else this.problems.fatal(node, `${path}: k6/execution offers here only ${Object.keys(EXEC_PATHS).map((p) => `${root}.${p}`).join(', ')}`)
      return
    }
    // k6 names headers in canonical case (Content-Type); edgeload's are lower case.
    const object = node.object as Node
    const onHeaders = object.type === 'MemberExpression' && !object.computed && object.property.name === 'headers'
    if (onHeaders && node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string' && /[A-Z]/.test(node.property.value)) {
      this.ms.overwrite(node.property.start, node.property.end, JSON.stringify(node.property.value.toLowerCase()))
    } else if (onHeaders && !node.computed && /[A-Z]/.test(node.property.name)) {
      this.ms.overwrite(object.end, node.end, `[${JSON.stringify(String(node.property.name).toLowerCase())}]`)
    }
    if (!node.computed && node.property.name === 'error_code') this.problems.note(node, 'res.error_code: edgeload has no numeric error codes; read res.error (refused, reset, timeout, dns, tls, ...)')
  }

  private rewriteTagged(node: Node): void {
    if (this.isHttpMember(node.tag, 'url')) {
      this.ms.remove(node.tag.start, node.quasi.start)
      this.problems.note(node, "http.url`...`: a plain template here; give the request a name: { tags: { name: '...' } } to group its URLs")
    }
  }

  private text(node: Node): string {
    return this.source.slice(node.start, node.end)
  }
}

/** `await x.y` would await `x.y`: a call used as an object, callee or tag needs `(await call)`. */
function needsParens(call: Node): boolean {
  const parent = call.parent!
  if (parent.type === 'MemberExpression' && parent.object === call) return true
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === call) return true
  if (parent.type === 'TaggedTemplateExpression' && parent.tag === call) return true
  if (parent.type === 'BinaryExpression' && parent.operator === '**') return true
  return false
}

/** A function, variable or import named `open` anywhere in the script. */
function declaresOpen(program: Node): boolean {
  for (const node of walk(program)) {
    const id = node.type === 'FunctionDeclaration' || node.type === 'VariableDeclarator' ? node.id : node.type.startsWith('Import') && node.type.endsWith('Specifier') ? node.local : undefined
    if (id?.type === 'Identifier' && id.name === 'open') return true
  }
  return false
}

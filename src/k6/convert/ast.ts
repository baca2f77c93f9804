/**
 * The script's syntax tree (acorn, ESTree) with a parent for every node, and the few questions
 * the converter asks of it. Nodes are ESTree objects; `Node` keeps them loosely typed, as the
 * converter looks at many kinds.
 */
import { parse } from 'acorn'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = { type: string; start: number; end: number; loc?: { start: { line: number } }; parent?: Node; [key: string]: any }

export class ScriptSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message)
  }
}

/** Parses a k6 script (an ES module) and links every node to its parent. */
export function parseScript(source: string): Node {
  let program: Node
  try {
    program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true }) as unknown as Node
  } catch (error) {
    const e = error as Error & { loc?: { line: number } }
    throw new ScriptSyntaxError(e.message.replace(/\s*\(\d+:\d+\)$/, ''), e.loc?.line ?? 1)
  }
  link(program, undefined)
  return program
}

function link(node: Node, parent: Node | undefined): void {
  node.parent = parent
  for (const child of children(node)) link(child, node)
}

export function children(node: Node): Node[] {
  const out: Node[] = []
  for (const key in node) {
    if (key === 'parent' || key === 'loc') continue
    const value = node[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item)
    } else if (isNode(value)) out.push(value)
  }
  return out
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
}

/** Every node under `root` (itself included), depth first in source order. */
export function* walk(root: Node): Generator<Node> {
  yield root
  for (const child of children(root)) yield* walk(child)
}

export const lineOf = (node: Node): number => node.loc?.start.line ?? 1

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])

export const isFunction = (node: Node | undefined): boolean => node !== undefined && FUNCTION_TYPES.has(node.type)

/** The innermost function around `node` (not `node` itself), or undefined at the module's top level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let at = node.parent; at; at = at.parent) if (isFunction(at)) return at
  return undefined
}

/** `a.b.c` for a chain of non-computed member expressions on an identifier, else undefined. */
export function memberPath(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name
  if (node.type !== 'MemberExpression') return undefined
  const object = memberPath(node.object)
  if (object === undefined) return undefined
  if (!node.computed && node.property.type === 'Identifier') return `${object}.${node.property.name}`
  return undefined
}

/** An identifier used as a variable (not a property name, object key or label). */
export function isReference(node: Node): boolean {
  const parent = node.parent
  if (!parent || node.type !== 'Identifier') return false
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === node && !parent.computed) {
    return parent.type === 'Property' && parent.shorthand === true
  }
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') return false
  if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return false
  if (parent.type === 'ExportSpecifier') return false
  // A name being declared, not used: a function's or variable's id, a parameter.
  if ((isFunction(parent) || parent.type === 'ClassDeclaration' || parent.type === 'VariableDeclarator') && parent.id === node) return false
  if (isFunction(parent) && (parent.params as Node[]).includes(node)) return false
  return true
}

/** The key of an object property as text, when it is a plain name or a string. */
export function propertyName(property: Node): string | undefined {
  if (property.type !== 'Property' || property.computed) return undefined
  if (property.key.type === 'Identifier') return property.key.name
  if (property.key.type === 'Literal' && typeof property.key.value === 'string') return property.key.value
  return undefined
}

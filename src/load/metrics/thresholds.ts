// Thresholds in k6's syntax: `{ http_req_duration: ['p(95)<200'], 'http_reqs{status:500}': [{
// threshold: 'count<10', abortOnFail: true, delayAbortEval: '10s' }], 'http_req_duration{scenario:browse}':
// [{ threshold: 'p(99)<300', window: '10s' }] }`. Parsing reports every problem at once, each
// naming the metric and the expression. Values are measured by sinks (threshold-sinks.ts) and
// judged live and at the end by the monitor (threshold-monitor.ts).
import { parseDuration } from '../parse-duration.ts'
import { AGGREGATES, METRICS, metricKey, tagProblem, type MetricType } from './metric-catalog.ts'

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!='

export interface ParsedThreshold {
  /** As written: `http_req_duration{name:/x}`. */
  metric: string
  expression: string
  /** The base metric, e.g. `http_req_duration`. */
  name: string
  type: MetricType
  tags: Record<string, string>
  /** The sink it reads: `http_req_duration{name:/current/:id}`. */
  key: string
  /** `avg`, `min`, `med`, `max`, `count`, `rate`, `value` or `p(N)`. */
  aggregate: string
  operator: ThresholdOperator
  value: number
  abortOnFail: boolean
  /** Before this (ms from the run's start) a failure does not abort. */
  delayAbortEvalMs: number
  /** Sliding window: fails when any window of this many seconds breaches. */
  windowS?: number
}

export interface ThresholdResult {
  metric: string
  expression: string
  /** `avg`, `med`, `p(95)`, `rate`, `count`, ... (what `actual` is). */
  aggregate: string
  /** The measured aggregate (ms for time trends); for a window, the worst window's. Null without data. */
  actual: number | null
  ok: boolean
  abortOnFail: boolean
  /** '10s' for a sliding-window threshold. */
  window?: string
  /** For a window that breached: when the first breaching window ended (ms from the run's start). */
  breachedAtMs?: number
  /** True for the threshold that stopped the run (abortOnFail). */
  aborted?: boolean
}

const EXPRESSION = /^\s*([a-z][a-z0-9_.]*(?:\(\s*[^)]*\))?)\s*(===|==|!=|<=|>=|<|>)\s*(\S.*?)\s*$/i
const METRIC = /^\s*([a-z_][a-z0-9_]*)\s*(?:\{(.*)\})?\s*$/i
const ENTRY_KEYS = new Set(['threshold', 'abortOnFail', 'delayAbortEval', 'window'])

export type CustomTypes = ReadonlyMap<string, { type: MetricType }>

export function parseThresholds(input: unknown, custom: CustomTypes = new Map()): { thresholds: ParsedThreshold[]; errors: string[] } {
  const thresholds: ParsedThreshold[] = []
  const errors: string[] = []
  if (input === undefined || input === null) return { thresholds, errors }
  if (typeof input !== 'object' || Array.isArray(input)) {
    errors.push('thresholds: must be an object mapping metric names to lists of expressions')
    return { thresholds, errors }
  }
  for (const [metric, list] of Object.entries(input)) {
    const target = parseMetric(metric, custom)
    if (typeof target === 'string') {
      errors.push(`thresholds: ${metric}: ${target}`)
      continue
    }
    for (const entry of Array.isArray(list) ? list : [list]) {
      const parsed = parseEntry(metric, target, entry)
      if (typeof parsed === 'string') errors.push(parsed)
      else thresholds.push(parsed)
    }
  }
  return { thresholds, errors }
}

export function compare(actual: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<': return actual < value
    case '<=': return actual <= value
    case '>': return actual > value
    case '>=': return actual >= value
    case '==': return actual === value
    case '!=': return actual !== value
  }
}

interface MetricTarget {
  name: string
  type: MetricType
  tags: Record<string, string>
}

/** `name` or `name{tag:value,...}`; a string is the problem found. */
function parseMetric(metric: string, custom: CustomTypes): MetricTarget | string {
  const match = METRIC.exec(metric)
  if (!match) return 'not a metric name (expected e.g. http_req_duration or http_req_duration{name:/x})'
  const [, name, tagText] = match
  const type = METRICS[name!]?.type ?? custom.get(name!)?.type
  if (!type) {
    const known = [...Object.keys(METRICS), ...custom.keys()]
    return `unknown metric "${name}" (known: ${known.join(', ')}; a custom metric must be created at the module's top level)`
  }
  const tags: Record<string, string> = {}
  for (const part of tagText === undefined ? [] : splitTags(tagText)) {
    const colon = part.indexOf(':')
    const tag = colon < 0 ? '' : part.slice(0, colon).trim()
    const value = colon < 0 ? '' : part.slice(colon + 1).trim()
    if (!tag || !value) return `tag "${part.trim()}" is not tag:value`
    const problem = tagProblem(name!, tag, value)
    if (problem) return problem
    tags[tag] = value
  }
  return { name: name!, type, tags }
}

/** Splits `name:/a,b/x,method:GET` on the commas that start another `tag:`; values may hold commas. */
function splitTags(text: string): string[] {
  return text.split(/,(?=\s*[a-z_][a-z0-9_]*\s*:)/i)
}

function parseEntry(metric: string, target: MetricTarget, entry: unknown): ParsedThreshold | string {
  let expression: unknown = entry
  let abortOnFail = false
  let delayAbortEvalMs = 0
  let windowS: number | undefined
  if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
    const object = entry as Record<string, unknown>
    const unknown = Object.keys(object).filter((key) => !ENTRY_KEYS.has(key))
    if (unknown.length) return `thresholds: ${metric}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (use threshold, abortOnFail, delayAbortEval, window)`
    expression = object.threshold
    if (object.abortOnFail !== undefined && typeof object.abortOnFail !== 'boolean') return `thresholds: ${metric}: abortOnFail must be true or false, got ${JSON.stringify(object.abortOnFail)}`
    abortOnFail = object.abortOnFail === true
    if (object.delayAbortEval !== undefined) {
      const ms = parseDuration(object.delayAbortEval)
      if (ms === undefined) return `thresholds: ${metric}: delayAbortEval ${JSON.stringify(object.delayAbortEval)} is not a duration, e.g. '10s'`
      delayAbortEvalMs = ms
    }
    if (object.window !== undefined) {
      const ms = parseDuration(object.window)
      if (ms === undefined || ms < 1000 || ms % 1000 !== 0) return `thresholds: ${metric}: window ${JSON.stringify(object.window)} must be whole seconds, at least '1s' (e.g. '10s')`
      windowS = ms / 1000
    }
  }
  if (typeof expression !== 'string') {
    return `thresholds: ${metric}: ${JSON.stringify(entry) ?? String(entry)}: expected an expression string like "p(95)<200" or { threshold: "p(95)<200" }`
  }
  const parsed = parseExpression(target, expression)
  if (typeof parsed === 'string') return `thresholds: ${metric}: "${expression}": ${parsed}`
  return { metric, expression, ...target, key: metricKey(target.name, target.tags), ...parsed, abortOnFail, delayAbortEvalMs, windowS }
}

type ParsedExpression = Pick<ParsedThreshold, 'aggregate' | 'operator' | 'value'>

function parseExpression(target: MetricTarget, expression: string): ParsedExpression | string {
  const match = EXPRESSION.exec(expression)
  if (!match) return 'expected <aggregate> <operator> <number>, e.g. p(95)<200 (operators < <= > >= == !=)'
  const [, aggregateText, operatorText, valueText] = match
  const parsedAggregate = parseAggregate(aggregateText!, target.type)
  if (typeof parsedAggregate === 'string') return parsedAggregate
  const { aggregate } = parsedAggregate
  const value = Number(valueText)
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(valueText!) || !Number.isFinite(value)) {
    return `"${valueText}" is not a number`
  }
  const operator = (operatorText === '===' ? '==' : operatorText) as ThresholdOperator
  return { aggregate, operator, value }
}

function parseAggregate(text: string, type: MetricType): { aggregate: string } | string {
  const allowed = type === 'trend' ? [...AGGREGATES.trend, 'p(N)'] : AGGREGATES[type]
  const percentile = /^p\(\s*(.*?)\s*\)$/i.exec(text)
  if (percentile && type === 'trend') {
    const n = Number(percentile[1])
    if (percentile[1] === '' || !Number.isFinite(n) || n < 0 || n > 100) return `percentile "${percentile[1]}" must be a number from 0 to 100`
    return { aggregate: `p(${n})` }
  }
  const aggregate = text.toLowerCase()
  if (!percentile && AGGREGATES[type].includes(aggregate)) return { aggregate }
  const hint = /^p(\d+(\.\d+)?)$/i.test(text) && type === 'trend' ? `; did you mean p(${text.slice(1)})?` : ''
  return `aggregate "${text}" does not apply to a ${type} metric (use ${allowed.join(', ')})${hint}`
}

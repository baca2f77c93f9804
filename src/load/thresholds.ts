// Thresholds in k6's syntax: `{ http_req_duration: ['p(95)<200'], 'http_reqs{phase:Peak}': [{
// threshold: 'rate>1000', abortOnFail: true }] }`. Parsing reports every problem at once, each
// naming the metric and the expression; evaluation reads the summary's k6-style `metrics` map.
import { AGGREGATES, METRICS, metricKey } from './metrics/metric-catalog.ts'
import type { Summary } from '../report/summary-types.ts'

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!='

export interface ThresholdSpec {
  metric: string
  expression: string
}

export interface ParsedThreshold extends ThresholdSpec {
  /** The base metric, e.g. `http_req_duration`. */
  name: string
  tags: Record<string, string>
  /** Where the value lives in `summary.metrics`: `http_req_duration{name:/current/:id}`. */
  key: string
  /** `avg`, `min`, `med`, `max`, `count`, `rate` or `p(N)`. */
  aggregate: string
  /** N of `p(N)`. */
  percentile?: number
  operator: ThresholdOperator
  value: number
  abortOnFail: boolean
  /** k6's delay before an abortOnFail threshold is evaluated, e.g. '10s'. */
  delayAbortEval?: string
}

export interface ThresholdResult {
  metric: string
  expression: string
  /** `avg`, `med`, `p(95)`, `rate`, `count`, ... (what `actual` is). */
  aggregate: string
  /** The measured aggregate (ms for trends); null when the metric has no data. */
  actual: number | null
  ok: boolean
  abortOnFail: boolean
}

const EXPRESSION = /^\s*([a-z][a-z0-9_.]*(?:\(\s*[^)]*\))?)\s*(===|==|!=|<=|>=|<|>)\s*(\S.*?)\s*$/i
const METRIC = /^\s*([a-z_][a-z0-9_]*)\s*(?:\{(.*)\})?\s*$/i

export function parseThresholds(input: unknown): { thresholds: ParsedThreshold[]; errors: string[] } {
  const thresholds: ParsedThreshold[] = []
  const errors: string[] = []
  if (input === undefined || input === null) return { thresholds, errors }
  if (typeof input !== 'object' || Array.isArray(input)) {
    errors.push('thresholds: must be an object mapping metric names to lists of expressions')
    return { thresholds, errors }
  }
  for (const [metric, list] of Object.entries(input)) {
    const target = parseMetric(metric)
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

/**
 * Reads each threshold's aggregate from `summary.metrics`. Build the summary with the same
 * thresholds (`buildSummary(metrics, meta, parsed)`): that is what puts tagged metrics and extra
 * percentiles such as p(97.5) into `summary.metrics`; one missing there evaluates as no data.
 */
export function evaluateThresholds(parsed: ParsedThreshold[], summary: Summary): ThresholdResult[] {
  return parsed.map((threshold) => {
    const actual = summary.metrics[threshold.key]?.values[threshold.aggregate]
    const measured = typeof actual === 'number' && Number.isFinite(actual) ? actual : null
    return {
      metric: threshold.metric,
      expression: threshold.expression,
      aggregate: threshold.aggregate,
      actual: measured,
      // A threshold that cannot be measured does not pass silently.
      ok: measured !== null && compare(measured, threshold.operator, threshold.value),
      abortOnFail: threshold.abortOnFail,
    }
  })
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
  tags: Record<string, string>
}

/** `name` or `name{tag:value,...}`; a string is the problem found. */
function parseMetric(metric: string): MetricTarget | string {
  const match = METRIC.exec(metric)
  if (!match) return 'not a metric name (expected e.g. http_req_duration or http_req_duration{name:/x})'
  const [, name, tagText] = match
  const definition = METRICS[name]
  if (!definition) return `unknown metric "${name}" (known: ${Object.keys(METRICS).join(', ')})`
  const tags: Record<string, string> = {}
  for (const part of tagText === undefined ? [] : splitTags(tagText)) {
    const colon = part.indexOf(':')
    const tag = colon < 0 ? '' : part.slice(0, colon).trim()
    const value = colon < 0 ? '' : part.slice(colon + 1).trim()
    if (!tag || !value) return `tag "${part.trim()}" is not tag:value`
    if (!definition.tags.includes(tag)) return `tag "${tag}" is not supported for ${name} (supported: ${definition.tags.join(', ') || 'none'})`
    tags[tag] = value
  }
  if (tags.phase && (tags.name || tags.method)) return 'the phase tag cannot be combined with name or method'
  return { name, tags }
}

/** Splits `name:/a,b/x,method:GET` on the commas that start another `tag:`; values may hold commas. */
function splitTags(text: string): string[] {
  return text.split(/,(?=\s*[a-z_]+\s*:)/i)
}

function parseEntry(metric: string, target: MetricTarget, entry: unknown): ParsedThreshold | string {
  let expression: unknown = entry
  let abortOnFail = false
  let delayAbortEval: string | undefined
  if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
    const object = entry as Record<string, unknown>
    expression = object.threshold
    abortOnFail = object.abortOnFail === true
    if (typeof object.delayAbortEval === 'string') delayAbortEval = object.delayAbortEval
  }
  if (typeof expression !== 'string') {
    return `thresholds: ${metric}: ${JSON.stringify(entry) ?? String(entry)}: expected an expression string like "p(95)<200" or { threshold: "p(95)<200" }`
  }
  const parsed = parseExpression(target, expression)
  if (typeof parsed === 'string') return `thresholds: ${metric}: "${expression}": ${parsed}`
  return { metric, expression, ...target, key: metricKey(target.name, target.tags), ...parsed, abortOnFail, delayAbortEval }
}

type ParsedExpression = Pick<ParsedThreshold, 'aggregate' | 'percentile' | 'operator' | 'value'>

function parseExpression(target: MetricTarget, expression: string): ParsedExpression | string {
  const match = EXPRESSION.exec(expression)
  if (!match) return 'expected <aggregate> <operator> <number>, e.g. p(95)<200 (operators < <= > >= == !=)'
  const [, aggregateText, operatorText, valueText] = match
  const type = METRICS[target.name].type
  const aggregate = parseAggregate(aggregateText, type)
  if (typeof aggregate === 'string') return aggregate
  const value = Number(valueText)
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(valueText) || !Number.isFinite(value)) {
    return `"${valueText}" is not a number`
  }
  const operator = (operatorText === '===' ? '==' : operatorText) as ThresholdOperator
  return { ...aggregate, operator, value }
}

function parseAggregate(text: string, type: keyof typeof AGGREGATES): Pick<ParsedThreshold, 'aggregate' | 'percentile'> | string {
  const allowed = type === 'trend' ? [...AGGREGATES.trend, 'p(N)'] : AGGREGATES[type]
  const percentile = /^p\(\s*(.*?)\s*\)$/i.exec(text)
  if (percentile && type === 'trend') {
    const n = Number(percentile[1])
    if (percentile[1] === '' || !Number.isFinite(n) || n < 0 || n > 100) return `percentile "${percentile[1]}" must be a number from 0 to 100`
    return { aggregate: `p(${n})`, percentile: n }
  }
  const aggregate = text.toLowerCase()
  if (!percentile && AGGREGATES[type].includes(aggregate)) return { aggregate }
  const hint = /^p(\d+(\.\d+)?)$/i.test(text) && type === 'trend' ? `; did you mean p(${text.slice(1)})?` : ''
  return `aggregate "${text}" does not apply to a ${type} metric (use ${allowed.join(', ')})${hint}`
}

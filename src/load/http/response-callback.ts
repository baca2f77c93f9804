/**
 * k6's responseCallback: which statuses count as expected. `expectedStatuses(200, { min: 300,
 * max: 399 })` as k6 writes it; a scenario's `responseCallback` (or a request's) decides
 * `http_req_failed` and the `expected_response` tag. Without one, 2xx and 3xx are expected, as
 * k6's default (200 to 399).
 */
export interface ResponseCallback {
  readonly expected: (status: number) => boolean
  /** `expectedStatuses(200, {min:300,max:399})`, for messages. */
  readonly description: string
}

type StatusRange = { min: number; max: number }

export function expectedStatuses(...statuses: (number | StatusRange)[]): ResponseCallback {
  if (statuses.length === 0) throw new TypeError('expectedStatuses() needs at least one status or { min, max } range')
  const singles = new Set<number>()
  const ranges: StatusRange[] = []
  for (const [i, s] of statuses.entries()) {
    if (Number.isInteger(s)) singles.add(s as number)
    else if (typeof s === 'object' && s !== null && Number.isInteger(s.min) && Number.isInteger(s.max)) ranges.push({ min: s.min, max: s.max })
    else throw new TypeError(`expectedStatuses(): argument ${i + 1} must be a status (200) or a range ({ min: 200, max: 299 }), got ${JSON.stringify(s)}`)
  }
  return {
    expected: (status) => {
      if (singles.has(status)) return true
      for (const range of ranges) if (status >= range.min && status <= range.max) return true
      return false
    },
    description: `expectedStatuses(${statuses.map((s) => (typeof s === 'number' ? String(s) : `{min:${s.min},max:${s.max}}`)).join(', ')})`,
  }
}

/** A value given as a scenario's or request's responseCallback: one expectedStatuses() made, or null (k6: nothing is failed by its status). */
export function isResponseCallback(value: unknown): value is ResponseCallback | null {
  return value === null || (typeof value === 'object' && typeof (value as ResponseCallback).expected === 'function')
}

/** null: every answer is as expected (only errors fail), as k6's setResponseCallback(null). */
export const EVERY_STATUS: ResponseCallback = { expected: () => true, description: 'null' }

/**
 * Custom metrics, as k6's `k6/metrics`: a scenario module creates them at its top level and
 * records from iterations.
 *
 *   import { Counter, Rate, Trend, Gauge } from '../src/load/metrics/custom-metrics.ts'
 *   const loginTime = new Trend('login_time', true)   // true: values are milliseconds
 *   ...  loginTime.add(res.timings.duration, { kind: 'login' })
 *
 * They appear in the report, the JSON summary and thresholds (`login_time: ['p(95)<200']`,
 * `'login_time{kind:login}': [...]`). A sample carries the tags passed to `add` and, as in k6,
 * its thread's scenario, phase and group (thread-scope.ts). Each process (or worker thread)
 * loads the scenario itself, so each has its own instances, recording into its own metrics.
 */
import { METRICS, type MetricType } from './metric-catalog.ts'

export type Tags = Record<string, string>

/** Where samples go: the running engine's metrics (none before a run, e.g. at import). */
export interface CustomRecorder {
  custom(name: string, type: MetricType, value: number, tags: Tags | undefined): void
}

/**
 * The definitions and the bound recorder live on globalThis: a scenario loaded as CommonJS (a
 * `.ts` file outside an ES-module package, through tsx) gets its own copy of this module, which
 * must record into the same run.
 */
const shared: { defined: Map<string, { type: MetricType; time: boolean }>; recorder: CustomRecorder | undefined } =
  ((globalThis as Record<symbol, unknown>)[Symbol.for('edgeload.custom-metrics')] as typeof shared | undefined) ??
  ((globalThis as Record<symbol, unknown>)[Symbol.for('edgeload.custom-metrics')] = { defined: new Map(), recorder: undefined }) as typeof shared
const DEFINED = shared.defined

/** The engine binds its metrics for the run and unbinds after; samples outside a run are dropped. */
export function bindCustomMetrics(target: CustomRecorder | undefined): void {
  shared.recorder = target
}

/** Every custom metric defined so far, by name: thresholds and the report read them. */
export function customMetricTypes(): ReadonlyMap<string, { type: MetricType; time: boolean }> {
  return DEFINED
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/

/** One named metric of one type, defined (and checked) when it is created. */
abstract class CustomMetric {
  constructor(readonly name: string, readonly type: MetricType, readonly isTime = false) {
    if (typeof name !== 'string' || !NAME.test(name)) throw new TypeError(`metric name ${JSON.stringify(name)} must be letters, digits and _ (not starting with a digit)`)
    if (METRICS[name]) throw new TypeError(`metric "${name}" is built in: choose another name`)
    const seen = DEFINED.get(name)
    if (seen && seen.type !== type) throw new TypeError(`metric "${name}" is already a ${seen.type}`)
    DEFINED.set(name, { type, time: isTime })
  }

  protected record(value: number, tags: Tags | undefined): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${this.name}.add(${String(value)}): a finite number is needed`)
    shared.recorder?.custom(this.name, this.type, value, tags)
  }
}

/** Values whose distribution matters (avg, med, p(95), ...); values must be >= 0. */
export class Trend extends CustomMetric {
  constructor(name: string, isTime = false) {
    super(name, 'trend', isTime)
  }
  add(value: number, tags?: Tags): void {
    if (value < 0) throw new TypeError(`${this.name}.add(${value}): trend values must be >= 0`)
    this.record(value, tags)
  }
}

/** A running sum (count and rate per second). */
export class Counter extends CustomMetric {
  constructor(name: string) {
    super(name, 'counter')
  }
  add(value: number, tags?: Tags): void {
    this.record(value, tags)
  }
}

/** The share of samples that are true (or non-zero). */
export class Rate extends CustomMetric {
  constructor(name: string) {
    super(name, 'rate')
  }
  add(value: boolean | number, tags?: Tags): void {
    this.record(value ? 1 : 0, tags)
  }
}

/** The latest value (with min and max). */
export class Gauge extends CustomMetric {
  constructor(name: string, isTime = false) {
    super(name, 'gauge', isTime)
  }
  add(value: number, tags?: Tags): void {
    this.record(value, tags)
  }
}

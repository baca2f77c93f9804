// `k6/metrics` (and `edgeload/metrics` in converted scenarios): the custom metrics, as k6 names them.
export { Counter, Gauge, Rate, Trend } from '../../load/metrics/custom-metrics.ts'

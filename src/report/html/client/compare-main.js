// The comparison page: the runs' distributions overlaid, then their requests/s and p99 per
// second, one line per run in the order given (the first is the baseline).
const RUNS = DATA.charts
const LABELS = RUNS.map((run) => run.label)
distributionChart('chart-compare-distribution', RUNS.map((run) => ({ label: run.label, x: run.distribution.x, ms: run.distribution.ms })))
overlayChart('chart-compare-throughput', 'throughput', 'requests/s', LABELS, RUNS.map((run) => run.requests), fmtCount)
overlayChart('chart-compare-p99', 'p99', 'p99 ms', LABELS, RUNS.map((run) => run.p99), fmtMs)
watchSizes()
exposeCharts()

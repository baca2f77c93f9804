// The run page: draw its four charts (five for a capacity run) from the embedded chart data (run-charts.ts), then keep them
// sized and tell the hook they are drawn.
const RUN = DATA.charts
throughputChart('chart-throughput', RUN.timeline, RUN.bands)
latencyChart('chart-latency', RUN.timeline, RUN.bands)
threadsChart('chart-threads', RUN.timeline, RUN.bands)
distributionChart('chart-distribution', [{ label: 'latency', x: RUN.distribution.x, ms: RUN.distribution.ms }])
if (RUN.capacity) capacityChart('chart-capacity', RUN.capacity)
watchSizes()
exposeCharts()

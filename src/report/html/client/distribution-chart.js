// The latency distribution as HdrHistogram plots it: x = 1/(1-p) on a log axis labelled as
// percentiles (90%, 99%, 99.9%), so the tail gets as much room as the median. One line per
// distribution: one for a run, one per run on the comparison page (aligned with uPlot.join).
function distributionChart(id, lines) {
  const tables = lines.map((line) => [line.x, line.ms])
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables)
  const top = Math.max(10, ...lines.map((line) => line.x[line.x.length - 1] || 1))
  const decades = [1]
  while (decades[decades.length - 1] < top) decades.push(decades[decades.length - 1] * 10)
  return drawChart(id, 'distribution', {
    scales: {
      x: { time: false, distr: 3, log: 10, range: wholeOrZoomed(data[0], [1, decades[decades.length - 1]]) },
      y: { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] },
    },
    axes: [
      axis({ label: 'percentile', splits: (u, i, min, max) => decades.filter((x) => x >= min && x <= max), values: (u, splits) => splits.map(fmtPercentile) }),
      msAxis('ms'),
    ],
    series: [
      { label: 'percentile', value: (u, v) => (v == null ? '-' : fmtPercentile(v)) },
      ...lines.map((line, i) => ({ label: line.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true, points: { show: line.x.length < 12 }, value: (u, v) => fmtMs(v) + ' ms' })),
    ],
  }, data)
}

// Latency percentiles of each second: p50, p90, p99 and max (p90 and max only when the summary
// kept each second's histogram, schema /2). A second without requests is a gap, not a zero.
function latencyChart(id, timeline, bands) {
  const x = timelineX(timeline, bands)
  const lines = [
    ['p50', timeline.p50, COLORS[2]],
    ['p90', timeline.p90, COLORS[0]],
    ['p99', timeline.p99, COLORS[1]],
    ['max', timeline.max, '#7f8c8d'],
  ].filter((line) => line[1])
  return drawChart(id, 'latency', {
    plugins: [phaseBands(bands), zoomGroup('timeline')],
    cursor: { sync: { key: 'timeline' } },
    scales: { x: x.scale, y: { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] } },
    axes: [secondsAxis(), msAxis('ms'), spacerAxis()],
    series: [
      secondSeries(),
      ...lines.map(([label, , stroke]) => ({ label: label + ' ms', stroke, width: label === 'max' ? 1 : 1.5, dash: label === 'max' ? [4, 3] : undefined, value: (u, v) => fmtMs(v) })),
    ],
  }, [x.xs, ...lines.map((line) => line[1])])
}

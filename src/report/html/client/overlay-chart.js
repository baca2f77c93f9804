// One metric per second for several runs on one chart (the comparison page): second 0 of every
// run at the left, one line per run; a run shorter than the others simply ends.
function overlayChart(id, kind, unitLabel, labels, values, format) {
  const length = Math.max(1, ...values.map((v) => v.length))
  const xs = []
  for (let s = 0; s < length; s++) xs.push(s + 0.5)
  const padded = values.map((v) => xs.map((_, i) => (i < v.length ? v[i] : null)))
  return drawChart(id, kind, {
    plugins: [zoomGroup('overlay')],
    cursor: { sync: { key: 'overlay' } },
    scales: { x: { time: false, range: wholeOrZoomed(xs, [0, length]) }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] } },
    axes: [secondsAxis(), axis({ label: unitLabel, size: 56, values: (u, splits) => splits.map(fmtTick) })],
    series: [
      secondSeries(),
      ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, value: (u, v) => format(v) })),
    ],
  }, [xs, ...padded])
}

// Active threads (k6's vus) in each second: the load's shape as the executors drove it.
function threadsChart(id, timeline, bands) {
  const x = timelineX(timeline, bands)
  return drawChart(id, 'threads', {
    plugins: [phaseBands(bands), zoomGroup('timeline')],
    cursor: { sync: { key: 'timeline' } },
    scales: { x: x.scale, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [secondsAxis(), axis({ label: 'threads', size: 56, incrs: WHOLE_INCRS }), spacerAxis()],
    series: [
      secondSeries(),
      { label: 'threads', stroke: COLORS[3], fill: 'rgba(155,89,182,0.10)', width: 1.5, value: (u, v) => fmtCount(v) },
    ],
  }, [x.xs, timeline.vus])
}

// Requests and errors per second over the run, the phases as bands: errors on their own axis
// (right) so a few errors per second stay visible next to thousands of requests.
function throughputChart(id, timeline, bands) {
  const x = timelineX(timeline, bands)
  return drawChart(id, 'throughput', {
    plugins: [phaseBands(bands), zoomGroup('timeline')],
    cursor: { sync: { key: 'timeline' } },
    scales: { x: x.scale, y: { range: (u, min, max) => [0, Math.max(1, max * 1.05)] }, err: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [
      secondsAxis(),
      axis({ label: 'requests/s', size: 56, incrs: WHOLE_INCRS }),
      axis({ scale: 'err', side: 1, label: 'errors/s', size: 56, incrs: WHOLE_INCRS, grid: { show: false }, stroke: '#c62828' }),
    ],
    series: [
      secondSeries(),
      { label: 'requests/s', stroke: COLORS[0], fill: 'rgba(59,125,216,0.12)', width: 1.5, value: (u, v) => fmtCount(v) },
      { label: 'errors/s', scale: 'err', stroke: '#c62828', width: 1.5, value: (u, v) => fmtCount(v) },
    ],
  }, [x.xs, timeline.requests, timeline.errors])
}

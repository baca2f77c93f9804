// A capacity run's hockey stick: each step's p50, p90 and p99 (ms, left) and its error rate (%,
// right) against the rate it offered; the capacity as a dashed vertical line and each latency
// objective as a dashed horizontal one. Flat while the target keeps up, then steep past the knee.
function capacityChart(id, chart) {
  return drawChart(id, 'capacity', {
    plugins: [capacityMarks(chart)],
    scales: {
      x: { time: false, range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] },
      y: { range: (u, min, max) => [0, Math.max(max, ...chart.limits.map((l) => l.ms)) * 1.08 || 1] },
      err: { range: (u, min, max) => [0, Math.max(1, max * 1.08)] },
    },
    axes: [
      axis({ label: 'offered iterations/s', values: (u, splits) => splits.map(fmtTick) }),
      msAxis('ms'),
      axis({ scale: 'err', side: 1, label: 'errors %', size: 56, grid: { show: false }, stroke: '#c62828', values: (u, splits) => splits.map(fmtTick) }),
    ],
    series: [
      { label: 'offered/s', value: (u, v) => (v == null ? '-' : v + '/s') },
      { label: 'p50 ms', stroke: COLORS[2], width: 1.5, points: { show: true, size: 6 }, value: (u, v) => fmtMs(v) },
      { label: 'p90 ms', stroke: COLORS[0], width: 1.5, points: { show: true, size: 6 }, value: (u, v) => fmtMs(v) },
      { label: 'p99 ms', stroke: COLORS[1], width: 2, points: { show: true, size: 7 }, value: (u, v) => fmtMs(v) },
      { label: 'errors %', scale: 'err', stroke: '#c62828', width: 1.5, dash: [5, 3], points: { show: true, size: 6 }, value: (u, v) => (v == null ? '-' : v.toFixed(2) + '%') },
    ],
  }, [chart.rates, chart.p50, chart.p90, chart.p99, chart.errors])
}

/** The capacity and the latency limits, drawn over the series; labels are canvas text. */
function capacityMarks(chart) {
  return {
    hooks: {
      draw: [(u) => {
        const ctx = u.ctx
        const dpr = window.devicePixelRatio || 1
        const { left, top, width, height } = u.bbox
        ctx.save()
        ctx.setLineDash([6 * dpr, 4 * dpr])
        ctx.lineWidth = dpr
        ctx.font = `${11 * dpr}px system-ui, sans-serif`
        ctx.fillStyle = '#5b6575'
        ctx.strokeStyle = '#5b6575'
        for (const limit of chart.limits) {
          const y = Math.round(u.valToPos(limit.ms, 'y', true)) + 0.5
          if (y < top || y > top + height) continue
          ctx.beginPath()
          ctx.moveTo(left, y)
          ctx.lineTo(left + width, y)
          ctx.stroke()
          ctx.textBaseline = 'bottom'
          ctx.fillText(limit.label, left + 4 * dpr, y - 2 * dpr)
        }
        if (chart.knee != null) {
          const x = Math.round(u.valToPos(chart.knee, 'x', true)) + 0.5
          ctx.strokeStyle = '#2e9e6a'
          ctx.fillStyle = '#2e9e6a'
          ctx.beginPath()
          ctx.moveTo(x, top)
          ctx.lineTo(x, top + height)
          ctx.stroke()
          ctx.textBaseline = 'top'
          ctx.fillText('capacity ' + chart.knee + '/s', x + 4 * dpr, top + 3 * dpr)
        }
        ctx.restore()
      }],
    },
  }
}

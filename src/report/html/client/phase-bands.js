// The phases (or parallel scenarios) as shaded bands behind a timeline, each labelled with its
// name at the top. Drawn on the canvas in drawClear, under the series; names are drawn as canvas
// text, never parsed as HTML.
const BAND_FILLS = ['rgba(59,125,216,0.09)', 'rgba(46,158,106,0.10)', 'rgba(232,96,60,0.09)', 'rgba(155,89,182,0.09)', 'rgba(212,160,23,0.11)']

function phaseBands(bands) {
  return {
    hooks: {
      drawClear: [(u) => {
        const ctx = u.ctx
        const dpr = window.devicePixelRatio || 1
        const { left, top, width, height } = u.bbox
        // Parallel scenarios overlap: stagger their labels on three rows.
        const rows = bands.some((b, i) => i > 0 && b.startS < bands[i - 1].endS) ? 3 : 1
        bands.forEach((band, i) => {
          const x0 = Math.max(left, u.valToPos(band.startS, 'x', true))
          const x1 = Math.min(left + width, u.valToPos(band.endS, 'x', true))
          if (!(x1 > x0)) return
          ctx.save()
          ctx.fillStyle = BAND_FILLS[i % BAND_FILLS.length]
          ctx.fillRect(x0, top, x1 - x0, height)
          ctx.strokeStyle = 'rgba(91,101,117,0.35)'
          ctx.lineWidth = dpr
          ctx.beginPath()
          ctx.moveTo(Math.round(x0) + 0.5, top)
          ctx.lineTo(Math.round(x0) + 0.5, top + height)
          ctx.stroke()
          ctx.beginPath()
          ctx.rect(x0, top, x1 - x0, height)
          ctx.clip()
          ctx.fillStyle = '#5b6575'
          ctx.font = `${11 * dpr}px system-ui, sans-serif`
          ctx.textBaseline = 'top'
          ctx.fillText(band.name, x0 + 4 * dpr, top + (3 + 13 * (i % rows)) * dpr)
          ctx.restore()
        })
      }],
    },
  }
}

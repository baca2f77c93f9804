// Shared by the report pages (run and comparison), concatenated by assets.ts into one function
// scope: the embedded data, number formats, chart sizing (to the box on screen, to the page when
// printing) and the window.__edgeload hook tests and curious users read.
/* global uPlot */

const DATA = JSON.parse(document.getElementById('edgeload-data').textContent)
const CHARTS = []
const COLORS = ['#3b7dd8', '#e8603c', '#2e9e6a', '#9b59b6', '#d4a017', '#17a2b8', '#7f8c8d', '#c2185b']
/** Printed page width in CSS px: A4 (210 mm) less 12 mm margins at 96 px per inch. */
const PRINT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96)

// formatMs and formatCount are src/report/format.ts's, put before this file by assets.ts.
/* global formatMs, formatCount */

/** Milliseconds as the printed report shows them; '-' for a gap (uPlot passes null). */
function fmtMs(ms) {
  return ms == null ? '-' : formatMs(ms)
}

function fmtCount(n) {
  return n == null ? '-' : formatCount(n)
}

/** Seconds of a run on an axis: 45s, 2:05. */
function fmtSeconds(s) {
  if (s < 120) return s + 's'
  const m = Math.floor(s / 60)
  const r = Math.round(s % 60)
  return m + ':' + (r < 10 ? '0' : '') + r
}

/** x = 1/(1-p) of the percentile plot as a percentile: 1 -> 0%, 10 -> 90%, 1000 -> 99.9%. */
function fmtPercentile(x) {
  if (x <= 1) return '0%'
  const decimals = Math.max(0, Math.round(Math.log10(x)) - 2)
  return (100 * (1 - 1 / x)).toFixed(decimals) + '%'
}

function axis(extra) {
  return Object.assign({ stroke: '#5b6575', grid: { stroke: '#e6e9ee', width: 1 }, ticks: { stroke: '#d9dee6', width: 1 } }, extra)
}

/** The x axis of a timeline: seconds since the run started. */
function secondsAxis() {
  return axis({ incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200], values: (u, splits) => splits.map((s) => (s == null ? '' : fmtSeconds(s))) })
}

/** An empty right-hand axis as wide as the errors axis, so every timeline's x lines up. */
function spacerAxis() {
  return { side: 1, size: 56, label: ' ', grid: { show: false }, ticks: { show: false }, values: (u, splits) => splits.map(() => '') }
}

/**
 * A timeline's x values and scale: each second's point sits in the middle of its second, so the
 * line lines up with the phase bands, which start and end at their real times. The whole range
 * is worked out when drawn, so a live page that adds seconds and bands (dashboard-main.js) widens it.
 */
function timelineX(timeline, bands) {
  const xs = timeline.seconds.map((s) => s + 0.5)
  const whole = () => [0, Math.ceil(Math.max(xs.length, ...bands.map((b) => b.endS), 1))]
  return { xs, scale: { time: false, range: wholeOrZoomed(xs, whole) } }
}

/**
 * An x range: `whole` (a range, or a function giving one) while the chart shows all its data (on
 * load, after a double-click), else the seconds the user dragged across (uPlot asks the range
 * function for a zoom too).
 */
function wholeOrZoomed(xs, whole) {
  return (u, min, max) => (min == null || max == null || xs.length === 0 || (min <= xs[0] && max >= xs[xs.length - 1]) ? (typeof whole === 'function' ? whole() : whole) : [min, max])
}

/** The legend's x: which second a point is. */
function secondSeries() {
  return { label: 'second', value: (u, v) => (v == null ? '-' : Math.floor(v) + ' s') }
}

/** An axis tick: as few digits as the tick needs (0, 2.5, 100), not a measurement's three decimals. */
function fmtTick(v) {
  return v == null ? '' : String(Number(v.toPrecision(6)))
}

function msAxis(label) {
  return axis({ label, size: 56, values: (u, splits) => splits.map(fmtTick) })
}

/** Ticks of whole numbers only (threads, requests): no 2.5 threads. */
const WHOLE_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000, 250000, 500000, 1000000]

function boxWidth(el) {
  return Math.max(240, Math.floor(el.clientWidth))
}

/**
 * Draws one chart into the box `id` (see html-table.ts chartBox) and registers it. `kind` names
 * the chart for the hook; the box records its number of points for readers of the page.
 */
function drawChart(id, kind, opts, data) {
  const el = document.getElementById(id)
  if (!el) return null
  opts.width = boxWidth(el)
  opts.height = Number(el.getAttribute('data-height')) || 240
  const u = new uPlot(opts, data, el)
  CHARTS.push({ id, kind, el, u })
  el.setAttribute('data-points', String(data[0].length))
  el.setAttribute('data-series', String(data.length - 1))
  return u
}

function fitCharts(width) {
  for (const c of CHARTS) {
    const w = width || boxWidth(c.el)
    if (w !== c.u.width) c.u.setSize({ width: w, height: c.u.height })
  }
}

/** Keeps charts as wide as their boxes on screen, and as wide as the paper when printing. */
function watchSizes() {
  let pending = 0
  const refit = () => {
    cancelAnimationFrame(pending)
    pending = requestAnimationFrame(() => fitCharts())
  }
  if (window.ResizeObserver) new ResizeObserver(refit).observe(document.querySelector('main'))
  window.addEventListener('resize', refit)
  // The print layout is computed after beforeprint: size for the page now, refit after.
  window.addEventListener('beforeprint', () => fitCharts(Math.min(PRINT_WIDTH, boxWidth(document.querySelector('main')))))
  window.addEventListener('afterprint', () => fitCharts())
  const print = window.matchMedia && window.matchMedia('print')
  if (print && print.addEventListener) print.addEventListener('change', () => fitCharts(print.matches ? Math.min(PRINT_WIDTH, boxWidth(document.querySelector('main'))) : 0))
}

/** What the page drew, for tests and for users who want the numbers behind a chart. */
function exposeCharts() {
  window.__edgeload = {
    data: DATA,
    charts: CHARTS.map((c) => ({
      id: c.id,
      kind: c.kind,
      points: c.u.data[0].length,
      series: c.u.series.slice(1).map((s) => s.label),
      data: c.u.data,
    })),
    /** Each chart's visible x range now (it changes when the user zooms). */
    xRanges: () => CHARTS.map((c) => [c.u.scales.x.min, c.u.scales.x.max]),
    ready: true,
  }
  document.documentElement.setAttribute('data-charts-ready', String(CHARTS.length))
}

const ZOOM_GROUPS = {}

/**
 * Charts of one group zoom together: drag across one timeline to zoom into those seconds on all
 * of them (double-click zooms back out), as their cursors already move together.
 */
function zoomGroup(name) {
  const members = (ZOOM_GROUPS[name] = ZOOM_GROUPS[name] || [])
  let syncing = false
  return {
    hooks: {
      init: [(u) => { members.push(u) }],
      setScale: [(u, key) => {
        if (key !== 'x' || syncing) return
        syncing = true
        const { min, max } = u.scales.x
        for (const other of members) if (other !== u) other.setScale('x', { min, max })
        syncing = false
      }],
    },
  }
}

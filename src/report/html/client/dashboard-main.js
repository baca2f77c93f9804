// The live dashboard (dashboard-page.ts): the run page's timelines, drawn by the same chart
// functions, fed from the run's server-sent events: `history` (the run so far, on connecting),
// `second` (one more point), `phase` (a band starts or ends), `thresholds` (how they stand),
// `done` (the run is over: reload, the page is now the run's report).
/* global EventSource */
const TIMELINE = { seconds: [], requests: [], errors: [], p50: [], p90: [], p99: [], max: [], vus: [] }
const LIVE_BANDS = []
const LIVE = { seconds: 0, events: 0, status: 'connecting' }

throughputChart('chart-throughput', TIMELINE, LIVE_BANDS)
latencyChart('chart-latency', TIMELINE, LIVE_BANDS)
threadsChart('chart-threads', TIMELINE, LIVE_BANDS)
watchSizes()
showRun(DATA.state)
listen()

/** Replaces everything drawn with the run so far. */
function showRun(state) {
  for (const key of Object.keys(TIMELINE)) TIMELINE[key].length = 0
  for (const c of CHARTS) c.u.data[0].length = 0
  LIVE_BANDS.length = 0
  for (const band of state.bands) LIVE_BANDS.push(band)
  for (const second of state.seconds) addSecond(second)
  showPhases()
  showThresholds(state.thresholds)
  redraw()
}

/** One second at its place on the timeline; seconds that never came (dropped) stay gaps. */
function addSecond(row) {
  while (TIMELINE.seconds.length <= row.second) {
    const second = TIMELINE.seconds.length
    TIMELINE.seconds.push(second)
    for (const key of ['requests', 'errors', 'p50', 'p90', 'p99', 'max', 'vus']) TIMELINE[key].push(null)
    for (const c of CHARTS) c.u.data[0].push(second + 0.5)
  }
  for (const key of ['requests', 'errors', 'p50', 'p90', 'p99', 'max', 'vus']) TIMELINE[key][row.second] = row[key]
  LIVE.seconds = TIMELINE.seconds.length
  // Running phases reach the newest second.
  for (const band of LIVE_BANDS) if (band.open) band.endS = Math.max(band.endS, row.second + 1)
}

function redraw() {
  for (const c of CHARTS) {
    c.u.setData(c.u.data)
    c.el.setAttribute('data-points', String(c.u.data[0].length))
  }
  document.getElementById('live-seconds').textContent = fmtSeconds(LIVE.seconds)
  exposeCharts()
  window.__edgeload.live = LIVE
}

function setBand(band) {
  const mine = LIVE_BANDS.find((b) => b.name === band.name && b.startS === band.startS)
  if (mine) Object.assign(mine, band)
  else LIVE_BANDS.push(band)
  showPhases()
}

function showPhases() {
  const list = document.getElementById('phase-list')
  list.replaceChildren(...LIVE_BANDS.map((band) => {
    const item = document.createElement('li')
    item.textContent = band.open
      ? `${band.name}: running since ${fmtSeconds(Math.floor(band.startS))}`
      : `${band.name}: ${fmtSeconds(Math.floor(band.startS))} to ${fmtSeconds(Math.round(band.endS))}`
    return item
  }))
}

function showThresholds(results) {
  const list = document.getElementById('threshold-list')
  if (results.length === 0) {
    const item = document.createElement('li')
    item.className = 'empty'
    item.textContent = 'none judged yet (the scenario may set none)'
    return list.replaceChildren(item)
  }
  list.replaceChildren(...results.map((t) => {
    const item = document.createElement('li')
    const mark = document.createElement('span')
    mark.className = t.ok ? 'ok' : 'bad'
    mark.textContent = t.ok ? '✓ passing' : (t.aborted ? '✗ stopped the run' : '✗ failing')
    const actual = t.actual == null ? 'no data yet' : fmtTick(t.actual)
    item.append(mark, ` ${t.metric}: ${t.expression}${t.window ? ` over ${t.window}` : ''} (now ${actual})`)
    return item
  }))
}

function setStatus(status) {
  LIVE.status = status
  document.getElementById('live-status').textContent = status
}

function listen() {
  const events = new EventSource('/events')
  const on = (name, handle) => events.addEventListener(name, (message) => {
    LIVE.events++
    handle(JSON.parse(message.data))
  })
  events.onopen = () => setStatus('live')
  events.onerror = () => setStatus('reconnecting…')
  on('history', (state) => showRun(state))
  on('second', (row) => {
    addSecond(row)
    redraw()
  })
  on('phase', (band) => {
    setBand(band)
    redraw()
  })
  on('thresholds', (results) => showThresholds(results))
  on('done', () => {
    events.close()
    setStatus('run over: loading the report…')
    window.location.reload()
  })
}

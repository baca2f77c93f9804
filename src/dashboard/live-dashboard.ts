/**
 * `--dashboard[=PORT]`: the run watched live in a browser, on 127.0.0.1 only. It is one
 * subscriber of the run's live feed (src/load/live/): each second becomes a point of the
 * report's timelines (live-second.ts), phases become bands as they start, thresholds are shown
 * as the monitor judges them; viewers get them as server-sent events (GET /events) and the page
 * (GET /) draws them with the HTML report's own chart code (src/report/html/dashboard-page.ts).
 * At the end the page is the `--html` report of the run: viewers are told, reload, and the
 * server closes once they have it (or after END_GRACE_MS).
 *
 * Cost: without a viewer a second is one small object kept (the history a late viewer gets);
 * a viewer's events go through its own bounded queue (sse-viewer.ts), so a slow one only loses
 * events (counted in `dropped`), never holds the feed or the run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LiveBatch } from '../load/live/live-types.ts'
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import type { ThresholdResult } from '../load/metrics/thresholds.ts'
import { RunFailure, UsageError } from '../load/run-errors.ts'
import { dashboardPage, type DashboardState, type LiveBand } from '../report/html/dashboard-page.ts'
import { htmlReport } from '../report/html/run-page.ts'
import type { Summary } from '../report/summary-types.ts'
import { liveSecond } from './live-second.ts'
import { SseViewer } from './sse-viewer.ts'

const HOST = '127.0.0.1'
/** How long the end waits for open viewers to fetch the final page. */
const END_GRACE_MS = 5_000
/** A viewer that left instead of reloading (its tab closed) is not waited for beyond this. */
const LEFT_GRACE_MS = 1_000

export class LiveDashboard {
  private readonly state: DashboardState
  private readonly viewers = new Set<SseViewer>()
  private report: string | undefined
  /** Viewers told the run is over that have not fetched the final page yet, and who is told when none is left. */
  private awaitingReport = 0
  private told = new Set<SseViewer>()
  private reportTaken: (() => void) | undefined
  /** Events dropped for viewers that closed (the open ones count their own). */
  private droppedByGone = 0

  private constructor(private readonly server: Server, readonly url: string, title: string, private readonly origin: () => number) {
    this.state = { title, seconds: [], bands: [], thresholds: [], endMs: 0 }
  }

  /** Listens on 127.0.0.1:`port` (0: any free port); `origin()` is the wall clock of the run's second 0. */
  static async start(port: number, title: string, origin: () => number): Promise<LiveDashboard> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
        ? new UsageError(`--dashboard: port ${port} on ${HOST} is in use; give another, e.g. --dashboard=${port + 1}`)
        : new RunFailure(`--dashboard: cannot listen on ${HOST}:${port}: ${error.message}`)))
      server.listen(port, HOST, resolve)
    })
    const { port: bound } = server.address() as AddressInfo
    const dashboard = new LiveDashboard(server, `http://${HOST}:${bound}/`, title, origin)
    server.on('request', (request, response) => dashboard.answer(request, response))
    return dashboard
  }

  /** Events not delivered to a viewer (it was too far behind, or left). */
  get dropped(): number {
    let dropped = this.droppedByGone
    for (const viewer of this.viewers) dropped += viewer.dropped
    return dropped
  }

  /** The feed subscriber: seconds and phase events only, never every sample. */
  subscriber(): LiveSubscriber {
    return { name: `dashboard=${this.url}`, samples: false, write: (batch) => this.take(batch) }
  }

  /** For ThresholdMonitor.onJudged: how the thresholds stand after a second. */
  readonly thresholdsJudged = (endMs: number, standing: ThresholdResult[]): void => {
    this.state.thresholds = standing
    this.broadcast('thresholds', standing)
  }

  /** The run is over: the page becomes its report; waits (bounded) for viewers to load it, then closes. */
  async finish(summary: Summary): Promise<void> {
    this.report = htmlReport(summary)
    const open = [...this.viewers].filter((viewer) => !viewer.closed)
    if (open.length > 0) {
      const taken = new Promise<void>((resolve) => {
        this.awaitingReport = open.length
        this.told = new Set(open)
        this.reportTaken = resolve
      })
      this.broadcast('done', { report: '/' })
      await Promise.race([taken, new Promise<void>((resolve) => setTimeout(resolve, END_GRACE_MS).unref())])
    }
    await this.close()
  }

  async close(): Promise<void> {
    for (const viewer of this.viewers) viewer.end()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private take(batch: LiveBatch): void {
    if (batch.kind === 'second') {
      const second = liveSecond(batch.snapshot)
      this.state.seconds.push(second)
      this.state.endMs = (second.second + 1) * 1000
      for (const band of this.state.bands) if (band.open) band.endS = this.state.endMs / 1000
      this.broadcast('second', second)
    } else if (batch.kind === 'event') {
      const atS = Math.max(0, (batch.event.epochMs - this.origin()) / 1000)
      if (batch.event.type === 'phase-started') {
        const band: LiveBand = { name: batch.event.phase, scenario: '', startS: atS, endS: atS, open: true }
        this.state.bands.push(band)
        this.broadcast('phase', band)
      } else {
        const band = this.state.bands.findLast((b) => b.name === batch.event.phase && b.open)
        if (band) {
          band.open = false
          band.endS = atS
          this.broadcast('phase', band)
        }
      }
    }
  }

  private broadcast(event: string, data: unknown): void {
    for (const viewer of this.viewers) viewer.send(event, data)
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    // Only pages of this dashboard may talk to it (a page elsewhere pointing a name at 127.0.0.1 may not).
    if (!isLocalHost(request.headers.host)) return plain(response, 421, 'wrong Host: this dashboard answers on 127.0.0.1 only')
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'GET only')
    const path = (request.url ?? '/').split('?')[0]
    if (path === '/') return this.page(response)
    if (path === '/events') return this.stream(request, response)
    return plain(response, 404, 'not found: the dashboard is at /')
  }

  private page(response: ServerResponse): void {
    const html = this.report ?? dashboardPage(this.state)
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    response.end(html)
    if (this.report && this.awaitingReport > 0 && --this.awaitingReport === 0) this.reportTaken?.()
  }

  private stream(request: IncomingMessage, response: ServerResponse): void {
    const viewer = new SseViewer(response)
    if (this.report) {
      viewer.send('done', { report: '/' })
      return viewer.end()
    }
    // A viewer that comes late (or reconnects) gets the run so far in one event, then each second.
    viewer.send('history', this.state)
    this.viewers.add(viewer)
    request.socket.on('close', () => {
      this.viewers.delete(viewer)
      this.droppedByGone += viewer.dropped
      this.told.delete(viewer)
      // Every viewer told has closed its stream: one that reloads asks for the page at once.
      if (this.report && this.told.size === 0 && this.reportTaken) setTimeout(this.reportTaken, LEFT_GRACE_MS).unref()
    })
  }
}

function isLocalHost(host: string | undefined): boolean {
  return host !== undefined && /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  response.end(`${text}\n`)
}

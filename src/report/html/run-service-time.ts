// Cold starts and where the time went: the service's own time (its Server-Timing: app;dur=)
// against the rest of each request (network, queues, the client), from the X-Cold-Start and
// Server-Timing headers the handler sends on every runtime.
import { formatCount, formatMs } from '../format.ts'
import type { Summary } from '../summary-types.ts'
import { escapeHtml } from './escape.ts'
import { htmlTable, LATENCY_COLUMNS, latencyCells, name, num, type CellInput } from './html-table.ts'

export function serviceTimeContent(summary: Summary): string {
  return [coldStarts(summary), serverVsNetwork(summary)].join('\n')
}

function coldStarts(summary: Summary): string {
  const o = summary.overall
  const rows: CellInput[][] = [
    ...summary.phases.filter((p) => p.coldStarts > 0).map((p) => [{ text: 'phase', cls: 'text' }, name(p.name), num('coldStarts', p.coldStarts, formatCount)]),
    ...summary.endpoints.filter((e) => e.coldStarts > 0).map((e) => [{ text: 'endpoint', cls: 'text' }, name(`${e.method} ${e.name}`), num('coldStarts', e.coldStarts, formatCount)]),
  ]
  const lead = `<p id="cold-starts" data-value="${o.coldStarts}">Cold starts: <strong>${formatCount(o.coldStarts)}</strong> `
    + `(responses carrying <code>X-Cold-Start: 1</code>, the first answer of each new instance).</p>`
  return lead + (rows.length ? htmlTable('cold-starts-table', [{ title: 'where', text: true }, { title: 'name', text: true }, 'cold starts'], rows) : '')
}

function serverVsNetwork(summary: Summary): string {
  const o = summary.overall
  if (!o.serverTime) {
    return '<p class="empty" id="server-time">The target sent no <code>Server-Timing: app;dur=</code> header, so server and network time cannot be told apart.</p>'
  }
  const rows: CellInput[][] = [
    [{ text: 'server (Server-Timing app)', cls: 'text', key: 'part', value: 'server' }, ...latencyCells(o.serverTime)],
    ...(o.networkTime ? [[{ text: 'network + client (latency − server)', cls: 'text', key: 'part', value: 'network' }, ...latencyCells(o.networkTime)]] : []),
    [{ text: 'whole request (latency)', cls: 'text', key: 'part', value: 'latency' }, ...latencyCells(o.latency)],
  ]
  const share = o.serverTime.count === o.requests ? '' : ` ${formatCount(o.serverTime.count)} of ${formatCount(o.requests)} responses carried it.`
  return `<h3>Server time against network time</h3>${split(o.serverTime.mean, o.networkTime?.mean ?? 0)}`
    + `<p class="chart-note">Of the mean request, the time inside the app and the rest.${escapeHtml(share)}</p>`
    + htmlTable('server-time-table', ['', ...LATENCY_COLUMNS], rows)
}

/** A bar of the mean request split into server and network time. */
function split(serverMs: number, networkMs: number): string {
  const total = serverMs + networkMs
  if (total <= 0) return ''
  const server = (100 * serverMs) / total
  return `<div class="split" id="time-split" role="img" aria-label="server ${formatMs(serverMs)} ms, network ${formatMs(networkMs)} ms">`
    + `<div class="server" style="width:${server.toFixed(2)}%"></div><div class="network" style="width:${(100 - server).toFixed(2)}%"></div></div>`
    + `<div><span class="legend-key server"></span>server ${formatMs(serverMs)} ms<span class="legend-key network"></span>network + client ${formatMs(networkMs)} ms (means)</div>`
}

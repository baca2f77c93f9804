// The top of a run's page: what ran against what, when, the outcome, and the headline numbers.
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../format.ts'
import type { RunEnvironment, Summary } from '../summary-types.ts'
import { escapeHtml } from './escape.ts'

export function runHeader(summary: Summary): string {
  const meta = [
    `target ${summary.target}`,
    `started ${summary.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`,
    `wall time ${formatMs(summary.wallMs)} ms`,
    `${summary.threads} threads${summary.iterations !== null ? ` × ${summary.iterations} iterations` : ''}`,
    summary.seed !== null ? `seed ${summary.seed}` : '',
  ].filter(Boolean)
  return `<header class="report">
<h1>${escapeHtml(summary.scenario)}</h1>
<p class="meta">${meta.map((m) => `<span>${escapeHtml(m)}</span>`).join('')}</p>
${environmentLine(summary.environment)}
${outcome(summary)}
</header>
${cards(summary)}`
}

/** Machine, Node and edgeload version; a summary read from schema /1 has none. */
export function environmentLine(env: RunEnvironment | undefined): string {
  if (!env || env.node === 'unknown') return ''
  const m = env.machine
  const parts = [`${m.cpus} × ${m.model}`, `${m.os} ${m.arch}`, `${formatBytes(m.memoryBytes)} memory`, `Node ${env.node}`, `edgeload ${env.runner}`]
  return `<p class="meta" id="environment">${parts.map((p) => `<span>${escapeHtml(p)}</span>`).join('')}</p>`
}

function outcome(summary: Summary): string {
  const failed = summary.thresholds.filter((t) => !t.ok).length
  if (summary.interrupted) return badge('warn', 'interrupted (Ctrl-C): a partial run')
  if (summary.stoppedBy) return badge('bad', `stopped by threshold ${summary.stoppedBy.threshold} at ${(summary.stoppedBy.atMs / 1000).toFixed(1)} s`)
  if (failed > 0) return badge('bad', `${failed} of ${summary.thresholds.length} thresholds failed`)
  const o = summary.overall
  if (o.requests === 0 && o.iterationErrors > 0) return badge('bad', `every iteration threw before sending a request (${o.iterationErrors})`)
  const answered = o.requests - summary.errors.filter((e) => !e.kind.startsWith('http ')).reduce((n, e) => n + e.count, 0)
  if (o.requests > 0 && answered === 0) return badge('bad', 'no request got an answer')
  if (o.requests > 0 && o.successful === 0) return badge('bad', 'every answer was an error')
  return badge('ok', summary.thresholds.length > 0 ? `all ${summary.thresholds.length} thresholds passed` : 'completed')
}

function badge(kind: 'ok' | 'bad' | 'warn', text: string): string {
  return `<span class="verdict ${kind}" id="outcome">${escapeHtml(text)}</span>`
}

function cards(summary: Summary): string {
  const o = summary.overall
  const has = o.latency.count > 0
  const items: [string, string, string, number][] = [
    ['requests', 'requests', formatCount(o.requests), o.requests],
    ['throughput', 'requests/s', formatRate(o.throughput), o.throughput],
    ['failedRate', 'failed', formatPercent(o.failedRate), o.failedRate],
    ['p50', 'p50 ms', has ? formatMs(o.latency.p50) : '-', o.latency.p50],
    ['p99', 'p99 ms', has ? formatMs(o.latency.p99) : '-', o.latency.p99],
    ['max', 'max ms', has ? formatMs(o.latency.max) : '-', o.latency.max],
  ]
  const html = items.map(([key, label, text, value]) =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value" data-key="${key}" data-value="${value}">${escapeHtml(text)}</div></div>`)
  return `<div class="cards" id="cards">${html.join('')}</div>`
}

/**
 * The summary's `streams`: what each stream of the run (`--out name=target`, the live dashboard)
 * got through and lost, from the live feed's report when it closed, and the report's `Output`
 * line for each. A URL's user:password never reaches the summary, the report or the history.
 */
import type { SubscriberReport } from '../load/live/live-feed.ts'
import type { StreamSummary } from './summary-types.ts'

/** `prometheus=http://user:pw@host/write` -> `{ name: 'prometheus', target: 'http://host/write', ... }`. */
export function streamSummary(report: SubscriberReport): StreamSummary {
  const at = report.name.indexOf('=')
  return {
    name: at < 0 ? report.name : report.name.slice(0, at),
    target: at < 0 ? '' : withoutCredentials(report.name.slice(at + 1)),
    written: report.delivered,
    dropped: report.dropped,
    error: report.error === undefined ? null : withoutCredentials(report.error),
  }
}

/** The streams of a run's parts (merge) as one list: each name and target once, its counts added up. */
export function addStreams(lists: readonly (readonly StreamSummary[] | undefined)[]): StreamSummary[] | undefined {
  const byKey = new Map<string, StreamSummary>()
  for (const stream of lists.flatMap((list) => list ?? [])) {
    const key = `${stream.name}=${stream.target}`
    const seen = byKey.get(key)
    if (!seen) byKey.set(key, { ...stream })
    else {
      seen.written += stream.written
      seen.dropped += stream.dropped
      seen.error = stream.error ?? seen.error
    }
  }
  return byKey.size ? [...byKey.values()] : undefined
}

/** `Output prometheus=http://host/write: 312 points written, 4 dropped (fetch failed)` */
export function streamLine(stream: StreamSummary): string {
  const why = stream.error !== null ? ` (${stream.error})` : ''
  return `Output ${stream.name}=${stream.target}: ${stream.written} points written, ${stream.dropped} dropped${why}`
}

/** `http://user:secret@host/` -> `http://host/`, wherever a URL with credentials appears in the text. */
function withoutCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1')
}

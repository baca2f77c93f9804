/**
 * `node runner runs`: the saved runs, newest first (id, time, scenario, target, requests, req/s,
 * p99, result), so a run can be named by id in `compare` and `report`.
 */
import type { CAC } from 'cac'
import { historyHome, RunHistory } from '../../src/history/history-db.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { formatCount, formatMs, formatRate } from '../../src/report/format.ts'
import { formatTable } from '../../src/report/table.ts'
import { EXIT } from '../exit-codes.ts'

const DEFAULT_LIMIT = 20
/** Long targets (the embedded handler's description) are cut so a row fits a terminal. */
const TARGET_WIDTH = 40

export function addRunsCommand(cli: CAC): void {
  cli
    .command('runs', 'List the saved runs, newest first (history in .edgeload/ or $EDGELOAD_HOME)')
    .usage('runs [--limit N]\n\n  Lists the runs kept in the history; name one in compare or report by id, last or last~N.')
    .option('--limit <n>', `How many runs to list (default: ${DEFAULT_LIMIT})`)
    .example('  $ node runner runs')
    .example('  $ node runner runs --limit 100')
    .action((options: { limit?: unknown }) => listRuns(limitOf(options.limit)))
}

function limitOf(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value
  throw new UsageError(`--limit must be a whole number >= 1, got ${JSON.stringify(value)}`)
}

function listRuns(limit: number): number {
  const home = historyHome()
  const history = RunHistory.openExisting(home)
  if (!history) {
    process.stdout.write(`No runs saved yet (history: ${home}). Every run is saved unless --no-save is given.\n`)
    return EXIT.ok
  }
  try {
    const rows = history.list(limit)
    const total = history.count()
    const table = formatTable(
      ['id', 'time', 'scenario', 'target', 'requests', 'req/s', 'p99 ms', 'result'],
      rows.map((r) => [
        String(r.id), localTime(r.startedAt), r.scenario, cut(r.target, TARGET_WIDTH),
        formatCount(r.requests), formatRate(r.throughput), formatMs(r.p99Ms), r.result,
      ]),
      { leftColumns: [1, 2, 3, 7] },
    )
    const more = total > rows.length ? [`  (${total - rows.length} older runs not shown: --limit ${total})`] : []
    process.stdout.write([...table, ...more, `History: ${history.file}`].join('\n') + '\n')
    return EXIT.ok
  } finally {
    history.close()
  }
}

/** `2026-11-27 17:40:12` in the local time zone: what a person matches against their memory. */
function localTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + '…'
}

/**
 * `node runner report RUN`: a saved run (history id, last, last~N, or a summary JSON file) shown
 * again as the standard report.
 */
import type { CAC } from 'cac'
import { resolveRun, RUN_SYNTAX } from '../../src/history/resolve-run.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import { EXIT } from '../exit-codes.ts'

export function addReportCommand(cli: CAC): void {
  cli
    .command('report <run>', 'Show a saved run again: the standard report')
    .usage(`report <run> [options]\n\n  <run> is ${RUN_SYNTAX}.`)
    .example('  $ node runner report last')
    .example('  $ node runner report 12')
    .example('  $ node runner report run.json')
    .action((run: string) => report(run))
}

function report(run: string): number {
  const loaded = resolveRun(run)
  const note = loaded.version === 1 ? ' (schema edgeload.summary/1: no histograms)' : ''
  process.stdout.write(`Run: ${loaded.source}${note}\n${formatReport(loaded.summary)}\n`)
  return EXIT.ok
}

/**
 * `node runner report RUN`: a saved run (history id, last, last~N, or a summary JSON file) shown
 * again as the standard report, or written as the HTML report with `--html FILE`.
 */
import type { CAC } from 'cac'
import { resolveRun, RUN_SYNTAX } from '../../src/history/resolve-run.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import { EXIT } from '../exit-codes.ts'
import { outputsFor, type OutputTargets } from '../../src/outputs/output-table.ts'
import { checkOutputs, declareOutputs, outputOptions, writeSummaryOutputs } from '../outputs.ts'

/** A saved run is written again as HTML only: its summary may be of schema /1, without histograms. */
const ROWS = outputsFor('summary', ['html'])

export function addReportCommand(cli: CAC): void {
  const command = cli
    .command('report <run>', 'Show a saved run again: the standard report, or the HTML report with --html')
    .usage(`report <run> [options]\n\n  <run> is ${RUN_SYNTAX}.`)
  declareOutputs(command, ROWS, { html: 'Write the run\'s HTML report (self-contained, opens offline) instead of printing the text report' })
    .example('  $ node runner report last')
    .example('  $ node runner report last --html last.html')
    .example('  $ node runner report 12')
    .example('  $ node runner report run.json')
    .action((run: string, flags: Record<string, unknown>) => report(run, outputOptions(flags, ROWS)))
}

function report(run: string, outputs: OutputTargets): number {
  checkOutputs(outputs, ROWS)
  const loaded = resolveRun(run)
  if (Object.keys(outputs).length > 0) {
    writeSummaryOutputs(outputs, loaded.summary, (text) => process.stdout.write(text), (line) => process.stdout.write(`${line}\n`), loaded.source)
    return EXIT.ok
  }
  const note = loaded.version === 1 ? ' (schema edgeload.summary/1: no histograms)' : ''
  process.stdout.write(`Run: ${loaded.source}${note}\n${formatReport(loaded.summary)}\n`)
  return EXIT.ok
}

/**
 * `node runner report RUN`: a saved run (history id, last, last~N, or a summary JSON file) shown
 * again as the standard report, or written as the HTML report with `--html FILE`.
 */
import type { CAC } from 'cac'
import { resolveRun, RUN_SYNTAX } from '../../src/history/resolve-run.ts'
import { writeHtmlReport } from '../../src/report/html/write-html.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import { EXIT } from '../exit-codes.ts'
import { fileOption, writeOutput } from './output-file.ts'

export function addReportCommand(cli: CAC): void {
  cli
    .command('report <run>', 'Show a saved run again: the standard report, or the HTML report with --html')
    .usage(`report <run> [options]\n\n  <run> is ${RUN_SYNTAX}.`)
    .option('--html <file.html>', 'Write the run\'s HTML report (self-contained, opens offline) instead of printing the text report')
    .example('  $ node runner report last')
    .example('  $ node runner report last --html last.html')
    .example('  $ node runner report 12')
    .example('  $ node runner report run.json')
    .action((run: string, flags: { html?: unknown }) => report(run, fileOption(flags.html, '--html')))
}

function report(run: string, html: string | undefined): number {
  const loaded = resolveRun(run)
  if (html !== undefined) {
    writeOutput('--html', html, (file) => writeHtmlReport(file, loaded.summary))
    process.stdout.write(`HTML report of ${loaded.source} written to ${html}\n`)
    return EXIT.ok
  }
  const note = loaded.version === 1 ? ' (schema edgeload.summary/1: no histograms)' : ''
  process.stdout.write(`Run: ${loaded.source}${note}\n${formatReport(loaded.summary)}\n`)
  return EXIT.ok
}

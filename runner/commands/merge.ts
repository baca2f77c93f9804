/**
 * `node runner merge PART...` (docs/distributed.md): the parts of a run made with `--segment i/n`
 * as one run: the standard report, thresholds judged on the merged data (exit 99 when one fails),
 * and --out/--csv/--html as a run writes them. A part is a summary JSON file, or `-`: standard
 * input carrying summaries one per line or marked log lines (`kubectl logs ... | node runner merge -`).
 */
import type { CAC } from 'cac'
import { PartMerger } from '../../src/distributed/part-merger.ts'
import { readSummaries } from '../../src/distributed/part-source.ts'
import { summaryLine } from '../../src/distributed/summary-line.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { failedThresholds } from '../../src/load/verdict.ts'
import { writeSeriesCsv } from '../../src/report/csv-writer.ts'
import { writeHtmlReport } from '../../src/report/html/write-html.ts'
import { writeSummaryJson } from '../../src/report/json-writer.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import type { Summary } from '../../src/report/summary-types.ts'
import { EXIT } from '../exit-codes.ts'

interface MergeOptions {
  out?: unknown
  csv?: unknown
  html?: unknown
}

export function addMergeCommand(cli: CAC): void {
  cli
    .command('merge [...parts]', 'Merge the parts of a run made with --segment i/n into one report (docs/distributed.md)')
    .usage('merge PART.json... [options]\n\n  PART is a summary JSON file (--out) or - for standard input: summaries one per line, or log lines\n' +
      '  marked EDGELOAD_SUMMARY (--out -); other lines are skipped. Every segment 1/n..n/n must be given, once.')
    .option('--out <file.json>', 'Write the merged summary as JSON (- : one marked line on stdout)')
    .option('--csv <file.csv>', 'Write the merged per-second series as CSV')
    .option('--html <file.html>', 'Write the merged run as a self-contained HTML report')
    .example('  $ node runner merge part-1.json part-2.json part-3.json part-4.json')
    .example('  $ kubectl logs -l job-name=edgeload --tail=-1 | node runner merge - --out run.json')
    .action((parts: string[], options: MergeOptions) => merge(parts, options))
}

async function merge(sources: string[], options: MergeOptions): Promise<number> {
  if (sources.length === 0) throw new UsageError('merge needs the parts: summary JSON files, or - for standard input')
  const out = fileOption(options.out, '--out')
  const csv = fileOption(options.csv, '--csv')
  const html = fileOption(options.html, '--html')
  const merger = new PartMerger()
  for await (const part of readSummaries(sources)) merger.add(part)
  const { summary, parts } = merger.finish()
  process.stdout.write(`Merged ${parts} parts of ${summary.scenario} (started ${summary.startedAt})\n${formatReport(summary)}`)
  write(summary, out, csv, html)
  if (!summary.thresholdsOk) {
    process.stderr.write(`edgeload: thresholds failed on the merged data: ${failedThresholds(summary).join(', ')}\n`)
    return EXIT.thresholds
  }
  return EXIT.ok
}

function write(summary: Summary, out: string | undefined, csv: string | undefined, html: string | undefined): void {
  if (out === '-') process.stdout.write(summaryLine(summary))
  else if (out) writeSummaryJson(out, summary)
  if (csv) writeSeriesCsv(csv, summary)
  if (html) writeHtmlReport(html, summary)
  for (const [what, file] of [['Summary', out], ['Per-second series', csv], ['HTML report', html]] as const) {
    if (file && file !== '-') process.stdout.write(`${what} written to ${file}\n`)
  }
}

function fileOption(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} needs a file name`)
  return value
}

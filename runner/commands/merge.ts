/**
 * `node runner merge PART...` (docs/distributed.md): the parts of a run made with `--segment i/n`
 * as one run: the standard report, thresholds judged on the merged data (exit 99 when one fails),
 * and --out/--csv/--html as a run writes them. A part is a summary JSON file, or `-`: standard
 * input carrying summaries one per line or marked log lines (`kubectl logs ... | node runner merge -`).
 */
import type { CAC } from 'cac'
import { PartMerger } from '../../src/distributed/part-merger.ts'
import { readSummaries } from '../../src/distributed/part-source.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { failedThresholds } from '../../src/load/verdict.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import { EXIT } from '../exit-codes.ts'
import { outputsFor, type OutputTargets } from '../../src/outputs/output-table.ts'
import { checkOutputs, declareOutputs, outputOptions, writeSummaryOutputs } from '../outputs.ts'

export function addMergeCommand(cli: CAC): void {
  const command = cli
    .command('merge [...parts]', 'Merge the parts of a run made with --segment i/n into one report (docs/distributed.md)')
    .usage('merge PART.json... [options]\n\n  PART is a summary JSON file (--out) or - for standard input: summaries one per line, or log lines\n' +
      '  marked EDGELOAD_SUMMARY (--out -); other lines are skipped. Every segment 1/n..n/n must be given, once.')
  declareOutputs(command, outputsFor('summary'), {
    out: 'Write the merged summary as JSON (- : one marked line on stdout)',
    csv: 'Write the merged per-second series as CSV',
    html: 'Write the merged run as a self-contained HTML report',
  })
    .example('  $ node runner merge part-1.json part-2.json part-3.json part-4.json')
    .example('  $ kubectl logs -l job-name=edgeload --tail=-1 | node runner merge - --out run.json')
    .action((parts: string[], flags: Record<string, unknown>) => merge(parts, outputOptions(flags, outputsFor('summary'))))
}

async function merge(sources: string[], outputs: OutputTargets): Promise<number> {
  if (sources.length === 0) throw new UsageError('merge needs the parts: summary JSON files, or - for standard input')
  checkOutputs(outputs)
  const merger = new PartMerger()
  for await (const part of readSummaries(sources)) merger.add(part)
  const { summary, parts, warnings } = merger.finish()
  process.stdout.write(`Merged ${parts} parts of ${summary.scenario} (started ${summary.startedAt})\n${warnings.map((w) => `Warning: ${w}\n`).join('')}${formatReport(summary)}`)
  writeSummaryOutputs(outputs, summary, (text) => process.stdout.write(text), (line) => process.stdout.write(`${line}\n`))
  if (!summary.thresholdsOk) {
    process.stderr.write(`edgeload: thresholds failed on the merged data: ${failedThresholds(summary).join(', ')}\n`)
    return EXIT.thresholds
  }
  return EXIT.ok
}

/**
 * `node runner convert SCRIPT.js [-o FILE]`: a k6 script rewritten as an edgeload scenario
 * (src/k6/convert/convert.ts), to stdout or a file. What could not be converted is listed on
 * stderr with the script's line; if any of it means the result would not run, the exit code is 2.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { CAC } from 'cac'
import { convertK6Script } from '../../src/k6/convert/convert.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { EXIT } from '../exit-codes.ts'

export function addConvertCommand(cli: CAC): void {
  cli
    .command('convert <script>', 'Rewrite a k6 script as an edgeload scenario (stdout, or -o FILE)')
    .usage('convert <script.js> [-o scenario.ts]\n\n  Lists what it could not convert, with the line; exits 2 if the result would not run.')
    .option('-o, --output <file>', 'Write the scenario to this file instead of stdout')
    .example('  $ node runner convert script.js > scenario.ts')
    .example('  $ node runner convert script.js -o scenario.ts && node runner --scenario scenario.ts')
    .action((script: string, flags: { output?: unknown }) => convert(script, outputFile(flags.output)))
}

/** `-o FILE`: a file name (not the summary outputs of runner/outputs.ts: this writes a scenario). */
function outputFile(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw new UsageError('convert -o needs a file name, e.g. -o scenario.ts')
  return value
}

function convert(script: string, output: string | undefined): number {
  let source: string
  try {
    source = readFileSync(script, 'utf8')
  } catch (error) {
    throw new UsageError(`convert: cannot read ${script} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const result = convertK6Script(source, basename(script))
  for (const p of result.problems) process.stderr.write(`${script}:${p.line}: ${p.fatal ? 'not converted' : 'note'}: ${p.message}\n`)
  if (result.code) {
    if (output === undefined) process.stdout.write(result.code)
    else {
      try {
        writeFileSync(output, result.code)
      } catch (error) {
        throw new UsageError(`convert -o ${output}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
      }
      process.stderr.write(`Scenario written to ${output}\n`)
    }
  }
  if (result.ok) return EXIT.ok
  process.stderr.write(`convert: ${result.problems.filter((p) => p.fatal).length} problem(s) above keep the result from running as the script meant.\n`)
  return EXIT.usage
}

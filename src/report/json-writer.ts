// `--out FILE.json`: the whole summary as data. Synchronous so that the Ctrl-C path can write it
// before the process exits.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Summary } from './summary-types.ts'

export function writeSummaryJson(file: string, summary: Summary): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(summary, null, 2) + '\n')
}

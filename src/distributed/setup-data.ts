/**
 * setup()'s data across the parts of a distributed run (docs/distributed.md): every part runs
 * setup() itself unless `--no-setup`; `--setup-data-out FILE` runs setup() alone and writes what it
 * returned as JSON, and `--setup-data FILE` gives that to a part instead of running setup().
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { UsageError } from '../load/run-errors.ts'

export function readSetupData(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--setup-data ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  try {
    // An empty file is what `--setup-data-out` writes for a setup() that returned nothing.
    return text.trim() === '' ? undefined : JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--setup-data ${file}: not JSON (${(error as Error).message})`)
  }
}

/** JSON of the data; refuses what JSON would silently change (functions, cycles, BigInt). */
export function writeSetupData(file: string, data: unknown): void {
  let text: string | undefined
  try {
    text = JSON.stringify(data, (_key, value) => {
      if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`it holds a ${typeof value}`)
      return value
    })
  } catch (error) {
    throw new UsageError(`--setup-data-out: what setup() returned cannot be written as JSON (${(error as Error).message}); return plain data`)
  }
  mkdirSync(dirname(resolve(file)), { recursive: true })
  writeFileSync(file, text === undefined ? '' : text + '\n')
}

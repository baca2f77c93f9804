/**
 * The run settings a distributed part adds (docs/distributed.md): where setup()'s data comes
 * from, whether teardown() runs, and the common start.
 */
import type { RunSettings } from '../load/run.ts'
import { readSetupData } from './setup-data.ts'

export interface PartOptions {
  /** False with `--no-setup`. */
  setup: boolean
  teardown: boolean
  setupData?: string
  startAtMs?: number
}

export function partSettings(options: PartOptions, say: (text: string) => void): Pick<RunSettings, 'setupData' | 'skipTeardown' | 'startAt'> {
  return {
    setupData: options.setupData !== undefined ? { data: readSetupData(options.setupData) } : options.setup ? undefined : { data: undefined },
    skipTeardown: !options.teardown,
    startAt: options.startAtMs !== undefined ? { epochMs: options.startAtMs, say } : undefined,
  }
}

/**
 * The run settings a distributed part adds (docs/distributed.md): where setup()'s data comes
 * from, whether teardown() runs, and the common start.
 */
import type { Part } from '../load/executors/executor.ts'
import type { RunOverrides } from '../load/phase-plan.ts'
import type { RunSettings } from '../load/run.ts'
import { phaseBarrier } from './phase-barrier.ts'
import { readSetupData } from './setup-data.ts'

export interface PartOptions {
  scenario: string
  overrides: RunOverrides
  segment?: Part
  /** False with `--no-setup`. */
  setup: boolean
  teardown: boolean
  setupData?: string
  startAtMs?: number
}

export function partSettings(options: PartOptions, say: (text: string) => void): Pick<RunSettings, 'setupData' | 'skipTeardown' | 'startAt' | 'barrier'> {
  const segment = options.segment
  return {
    // The same command line in the same folder is the same run; --start-at tells two such runs apart.
    barrier: segment && segment.count > 1
      ? phaseBarrier({
        part: segment, say, coordinator: process.env.EDGELOAD_COORDINATOR,
        runKey: JSON.stringify([process.cwd(), options.scenario, segment.count, options.startAtMs ?? null, options.overrides]),
      })
      : undefined,
    setupData: options.setupData !== undefined ? { data: readSetupData(options.setupData) } : options.setup ? undefined : { data: undefined },
    skipTeardown: !options.teardown,
    startAt: options.startAtMs !== undefined ? { epochMs: options.startAtMs, say } : undefined,
  }
}

// The machine, Node and edgeload version a run was made with: a comparison of two runs is only
// as fair as their environments are alike, so every summary says where it came from.
import { readFileSync } from 'node:fs'
import { arch, cpus, platform, release, totalmem } from 'node:os'
import type { RunEnvironment } from './summary-types.ts'

/** edgeload's version from package.json (also what `--version` prints). */
export const RUNNER_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

export function runEnvironment(target: string): RunEnvironment {
  const cores = cpus()
  return {
    machine: {
      cpus: cores.length,
      model: cores[0]?.model.trim() ?? 'unknown',
      os: `${platform()} ${release()}`,
      arch: arch(),
      memoryBytes: totalmem(),
    },
    node: process.version,
    runner: RUNNER_VERSION,
    target,
  }
}

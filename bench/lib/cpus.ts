import { availableParallelism } from 'node:os'
import { spawnSync } from 'node:child_process'

/**
 * Which core each side of a comparison runs on. With two or more cores the
 * target gets the last core and the generator the first, so neither steals
 * the other's time; with one core (or no taskset) nothing is pinned.
 */
export interface CoreLayout {
  generator?: number
  target?: number
}

let cached: CoreLayout | undefined

export function coreLayout(): CoreLayout {
  if (cached) return cached
  const cores = availableParallelism()
  const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0
  cached = cores >= 2 && hasTaskset ? { generator: 0, target: cores - 1 } : {}
  return cached
}

/** Prefixes a command with `taskset -c core` when a core is given. */
export function pinned(core: number | undefined, command: string, args: readonly string[]): [string, string[]] {
  return core === undefined ? [command, [...args]] : ['taskset', ['-c', String(core), command, ...args]]
}

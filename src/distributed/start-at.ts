/**
 * `--start-at <ISO time | +Ns>` (docs/distributed.md): every part of a distributed run begins its
 * first phase at the same wall-clock moment, so their per-second series line up and merge second
 * by second; the run's clock waits for it (src/load/start-clock.ts).
 */
import { parseDuration } from '../load/parse-duration.ts'

/**
 * The start as epoch ms from an ISO 8601 time with a zone (`2026-11-27T18:00:00Z`) or `+10s`
 * (from `nowMs`), or a problem. A time without a zone is refused: machines in several zones would
 * read it differently.
 */
export function parseStartAt(text: string, nowMs = Date.now()): { epochMs: number } | { problem: string } {
  const trimmed = text.trim()
  if (trimmed.startsWith('+')) {
    const ms = /^\+\s*\d+(\.\d+)?\s*$/.test(trimmed) ? undefined : parseDuration(trimmed.slice(1))
    if (ms === undefined || ms < 0) return { problem: `--start-at ${JSON.stringify(text)}: after + give a duration with a unit, e.g. +10s or +2m` }
    return { epochMs: nowMs + ms }
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    return { problem: `--start-at ${JSON.stringify(text)}: give an ISO time with its zone (e.g. 2026-11-27T18:00:00Z) or +10s` }
  }
  const epochMs = Date.parse(trimmed)
  if (Number.isNaN(epochMs)) return { problem: `--start-at ${JSON.stringify(text)} is not a valid time` }
  return { epochMs }
}

/** Longer than this ahead is a mistake (a wrong day or zone), not a plan. */
export const MAX_WAIT_MS = 24 * 3600_000

/**
 * Seeded random numbers for `ctx.random`, so `--seed 42` replays the same users and values.
 * mulberry32: tiny and fast, good enough to pick test data (not for cryptography). Each thread
 * gets its own stream, derived from the run's seed and its thread id.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return function random(): number {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A distinct, reproducible seed per thread. */
export function threadSeed(runSeed: number, vu: number): number {
  return (Math.imul(runSeed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(vu, 0x85ebca6b)) >>> 0
}

/** A fresh seed when none was given; printed in the summary so a run can be replayed. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31)
}

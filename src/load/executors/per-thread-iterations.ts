/**
 * Iterations per thread (closed model, the original client; k6's per-vu-iterations): each
 * thread runs `iterations` iterations back to back. `startNext` counts finished threads: 0.5
 * lets the next phase start once half of them are done, as the later course client did.
 */
import { VirtualThread } from '../virtual-thread.ts'
import { deferred, shareOf, type ExecutorModule } from './executor.ts'
import { loopIterations } from './thread-loop.ts'

interface Config {
  iterations: number
}

export const perThreadIterations: ExecutorModule<Config> = {
  name: 'iterations',
  aliases: ['per-vu-iterations'],
  summary: 'each thread runs a fixed number of iterations',
  threadsFrom: 'threads',
  fields: ['iterations'],
  inferredBy: 'iterations',
  validate(_raw, check) {
    check.count('iterations', 0)
  },
  plan(raw, defaults) {
    return { threads: raw.threads as number, config: { iterations: (raw.iterations as number | undefined) ?? defaults.iterations } }
  },
  split(phase, part) {
    return { ...phase, part }
  },
  run(phase, run) {
    const next = deferred()
    const threads = shareOf(phase.threads, phase.part)
    run.metrics.phaseThreads(phase.name, threads)
    const threadsBeforeNext = Math.max(1, Math.ceil(phase.startNext * threads - 1e-9))
    let finished = 0
    const loops: Promise<void>[] = []
    for (let i = 0; i < threads; i++) {
      loops.push(loopIterations(new VirtualThread(run, phase), run, (done) => done < phase.config.iterations).then(() => {
        if (++finished >= threadsBeforeNext) next.resolve()
      }))
    }
    const done = Promise.all(loops).then(next.resolve)
    return { startNext: next.promise, done }
  },
}

/**
 * Which environment takes a request, as Lambda decides it: a free (warm)
 * environment when there is one, the most recently used first; otherwise a new
 * one (a cold start) while fewer than the concurrency limit are busy; otherwise
 * none (the gateway answers 429). An environment left free for the idle time is
 * reaped. What it records is what compare:local shows per runtime.
 */
import { EventEmitter } from 'node:events'
import type { Environment } from './environment.ts'

export interface PoolRecord {
  coldStarts: number
  /** Init duration of each cold start whose init finished, in ms, in order. */
  initMs: number[]
  /** Requests refused at the concurrency limit. */
  throttled: number
  timeouts: number
  /** Invocations that ended in a function error or a crashed environment. */
  errors: number
  reaped: number
  /** Most environments alive at once. */
  peak: number
}

export type Acquired = { env: Environment; cold: boolean }

/** Emits 'reaped' (env) when an idle environment has been stopped. */
export class EnvironmentPool extends EventEmitter {
  readonly record: PoolRecord = { coldStarts: 0, initMs: [], throttled: 0, timeouts: 0, errors: 0, reaped: 0, peak: 0 }
  private readonly free: Environment[] = []
  private readonly busy = new Set<Environment>()
  private readonly idleTimers = new Map<Environment, NodeJS.Timeout>()
  private readonly ending = new Set<Promise<void>>()
  private nextId = 1
  private closed = false

  constructor(
    /** The concurrency limit. */
    readonly limit: number,
    private readonly idleMs: number,
    private readonly create: (id: number) => Environment,
  ) {
    super()
  }

  /** Environments alive now, busy or free. */
  get size(): number {
    return this.free.length + this.busy.size
  }

  /** The environments alive now, for tests that look at their processes. */
  environments(): { env: Environment; busy: boolean }[] {
    return [...this.busy].map((env) => ({ env, busy: true })).concat(this.free.map((env) => ({ env, busy: false })))
  }

  /** An environment for one request, or undefined at the concurrency limit (or once closed). */
  acquire(): Acquired | undefined {
    if (this.closed) return undefined
    const warm = this.free.pop()
    if (warm) {
      clearTimeout(this.idleTimers.get(warm))
      this.idleTimers.delete(warm)
      this.busy.add(warm)
      return { env: warm, cold: false }
    }
    if (this.busy.size >= this.limit) {
      this.record.throttled++
      return undefined
    }
    const env = this.create(this.nextId++)
    this.busy.add(env)
    this.record.coldStarts++
    this.record.peak = Math.max(this.record.peak, this.size)
    return { env, cold: true }
  }

  /** The request is answered: the environment is free again, or discarded if it crashed or timed out. */
  release(env: Environment, outcome: 'ok' | 'error' | 'timeout'): void {
    this.busy.delete(env)
    if (outcome === 'timeout') this.record.timeouts++
    if (outcome === 'error') this.record.errors++
    if (this.closed || !env.usable) {
      this.end(env)
      return
    }
    this.free.push(env)
    const timer = setTimeout(() => this.reap(env), this.idleMs)
    timer.unref()
    this.idleTimers.set(env, timer)
  }

  /** Notes a cold start's init duration once the environment knows it. */
  noteInit(ms: number): void {
    this.record.initMs.push(ms)
  }

  private reap(env: Environment): void {
    const at = this.free.indexOf(env)
    if (at < 0) return
    this.free.splice(at, 1)
    this.idleTimers.delete(env)
    this.record.reaped++
    void this.end(env).then(() => this.emit('reaped', env))
  }

  /** Ends every process at once, without waiting (the process is exiting). */
  killAll(): void {
    for (const { env } of this.environments()) env.kill()
  }

  private end(env: Environment): Promise<void> {
    const done = env.destroy().catch((error: Error) => console.error(`local Lambda: environment ${env.id} did not stop cleanly: ${error.message}`))
    this.ending.add(done)
    void done.finally(() => this.ending.delete(done))
    return done
  }

  /**
   * Stops every environment and resolves when all are gone. Called after the
   * front stopped taking requests and let in-flight ones finish; one still
   * running past that grace is stopped with the rest.
   */
  async close(): Promise<void> {
    this.closed = true
    for (const timer of this.idleTimers.values()) clearTimeout(timer)
    this.idleTimers.clear()
    for (const env of this.free.splice(0)) this.end(env)
    for (const env of this.busy) this.end(env)
    this.busy.clear()
    await Promise.all(this.ending)
  }
}

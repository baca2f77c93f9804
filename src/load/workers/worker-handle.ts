/**
 * The main thread's side of one worker thread: promises for what the run waits on (ready,
 * each phase's startNext and end, the final metrics) and its latest live counters. A worker
 * that fails or exits early fails every promise still pending, so the run ends with the cause.
 */
import type { Worker } from 'node:worker_threads'
import { RunFailure, UsageError } from '../run-errors.ts'
import type { TickData } from '../metrics/threshold-sinks.ts'
import type { FromWorker, ToWorker } from './worker-messages.ts'
import type { WirePart } from '../live/live-part-wire.ts'

type Result = Extract<FromWorker, { type: 'result' }>

interface Pending {
  promise: Promise<void>
  resolve(): void
}

export class WorkerHandle {
  readonly ready: Promise<void>
  readonly result: Promise<Result>
  readonly live = { requests: 0, errors: 0, activeThreads: 0 }
  onLive: () => void = () => {}
  onTick: (tick: number, data: TickData, full: boolean, live?: { part: WirePart; vus: number }) => void = () => {}
  onNotice: (key: string, text: string) => void = () => {}
  private readonly waiting = new Map<string, Pending>()
  private failure: RunFailure | UsageError | undefined
  private readonly rejects = new Set<(error: Error) => void>()
  private resolveReady!: () => void
  private resolveResult!: (result: Result) => void

  constructor(private readonly worker: Worker, readonly index: number) {
    this.ready = this.guard(new Promise<void>((resolve) => (this.resolveReady = resolve)))
    this.result = this.guard(new Promise<Result>((resolve) => (this.resolveResult = resolve)))
    worker.on('message', (message: FromWorker) => this.receive(message))
    worker.on('error', (error) => this.fail(`worker thread ${index} failed: ${error.message}`))
    worker.on('exit', (code) => this.fail(`worker thread ${index} exited (code ${code}) before the run was over`))
  }

  phaseNext(index: number): Promise<void> {
    return this.pending(`next:${index}`).promise
  }

  phaseDone(index: number): Promise<void> {
    return this.pending(`done:${index}`).promise
  }

  send(message: ToWorker): void {
    if (!this.failure) this.worker.postMessage(message)
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners('exit')
    await this.worker.terminate()
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready': return this.resolveReady()
      case 'live':
        this.live.requests = message.requests
        this.live.errors = message.errors
        this.live.activeThreads = message.activeThreads
        return this.onLive()
      case 'tick': return this.onTick(message.tick, message.data, message.full, message.live)
      case 'notice': return this.onNotice(message.key, message.text)
      case 'phase-next': return this.pending(`next:${message.index}`).resolve()
      case 'phase-done': return this.pending(`done:${message.index}`).resolve()
      case 'result': {
        this.worker.removeAllListeners('exit') // it is done: its exit is expected now
        return this.resolveResult(message)
      }
      case 'failed': return this.fail(`worker thread ${this.index}: ${message.message}`, message.usage)
    }
  }

  private pending(key: string): Pending {
    let entry = this.waiting.get(key)
    if (!entry) {
      let resolve!: () => void
      const promise = this.guard(new Promise<void>((r) => (resolve = r)))
      entry = { promise, resolve }
      this.waiting.set(key, entry)
    }
    return entry
  }

  /** Makes `promise` reject if the worker fails before it settles. */
  private guard<T>(promise: Promise<T>): Promise<T> {
    const guarded = this.failure ? Promise.reject(this.failure) : new Promise<T>((resolve, reject) => {
      this.rejects.add(reject)
      promise.then((value) => {
        this.rejects.delete(reject)
        resolve(value)
      })
    })
    // Not every promise is awaited (a phase's startNext, say): a failure must not also crash
    // the process as an unhandled rejection; whoever awaits it still sees the error.
    guarded.catch(() => {})
    return guarded
  }

  /** `usage`: the worker could not load the scenario (exit 2, as in one thread). */
  private fail(message: string, usage = false): void {
    if (this.failure) return
    this.failure = usage ? new UsageError(message) : new RunFailure(message)
    for (const reject of this.rejects) reject(this.failure)
    this.rejects.clear()
  }
}

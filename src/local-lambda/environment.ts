/**
 * One Lambda execution environment on @vercel/fun: a process of fun's `nodejs`
 * runtime (its bootstrap runs the `node` first on PATH, here Node 22), which
 * loads the function's module once (the init phase), then asks fun's Runtime
 * API for one event at a time and calls the handler export with it. fun
 * freezes the process (SIGSTOP) after every invocation and thaws it
 * (SIGCONT) for the next, so nothing of the function runs in between, timers
 * included. Each environment is its own fun function with its own variables,
 * which is how it gets its own /tmp (TMPDIR and STEPS_DB under its folder).
 * fun's versioned runtimes (nodejs14.x and older) download Node and are not used.
 */
import { createFunction, providers } from '@vercel/fun'
import type { Lambda } from '@vercel/fun'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export interface EnvironmentSpec {
  /** The unzipped function: the bundle as index.js beside {"type":"module"} (task-dir.ts). */
  taskDir: string
  /** `file.export`, as template.yaml's Handler. */
  handler: string
  /** Folder for this environment's private /tmp. */
  tmpDir: string
  /** The function's variables (template.yaml's Environment), PATH with Node 22 first. */
  variables: Record<string, string>
  memoryMb: number
  /** Told of the environment's process as soon as it is spawned (orphan-guard.ts). */
  onProcess?: (proc: ChildProcess) => void
}

export type Invocation =
  | { ok: true; payload: string }
  /** `error`: the handler threw (the environment stays); `crash`: init failed or the process died (it is gone); `timeout`: stopped at the limit (it is gone). */
  | { ok: false; failure: 'error' | 'crash' | 'timeout'; detail: string }

interface RuntimeApi { initDeferred: { promise: Promise<unknown> } | null }

/**
 * fun's own process pool (one process here, since an environment takes one
 * request at a time) with the two things fun does not expose: the process, so
 * a timed-out invocation can be stopped, and when its init ended (its first
 * call for an event), which is Lambda's Init Duration.
 */
class MeasuredProvider extends providers.native {
  process: ChildProcess | undefined
  initMs: number | undefined
  onProcess: ((proc: ChildProcess) => void) | undefined
  /** Settles when the init ended, well or not (the process asked for an event, reported an init error, or died). */
  readonly initEnded: Promise<void>
  private endInit!: () => void

  constructor(...args: ConstructorParameters<typeof providers.native>) {
    super(...args)
    this.initEnded = new Promise((resolve) => {
      this.endInit = resolve
    })
  }

  async createProcess(): Promise<ChildProcess> {
    const started = performance.now()
    const proc = await super.createProcess()
    this.process = proc
    this.onProcess?.(proc)
    const api = (this as unknown as { runtimeApis: WeakMap<ChildProcess, RuntimeApi> }).runtimeApis.get(proc)
    if (!api?.initDeferred) throw new Error('@vercel/fun changed: its Runtime API has no init state to measure (pinned version expected, see package.json)')
    void api.initDeferred.promise.then((initError) => {
      if (!initError) this.initMs = performance.now() - started
      this.endInit()
    })
    return proc
  }
}

export class Environment {
  /** Invocations begun, the cold one included. */
  invocations = 0
  /** Set once the first invocation's init ended. */
  get initMs(): number | undefined {
    return this.provider?.initMs
  }

  private readonly fn: Promise<Lambda>
  private provider: MeasuredProvider | undefined
  private gone = false
  private destroyed: Promise<void> | undefined

  constructor(readonly id: number, private readonly spec: EnvironmentSpec) {
    mkdirSync(spec.tmpDir, { recursive: true })
    this.fn = createFunction({
      FunctionName: `edgeload-env-${id}`,
      Code: { Directory: spec.taskDir },
      Handler: spec.handler,
      Runtime: 'nodejs',
      MemorySize: spec.memoryMb,
      Environment: { Variables: { ...spec.variables, TMPDIR: spec.tmpDir, STEPS_DB: join(spec.tmpDir, 'steps.db') } },
    }).then((fn) => {
      // fun's provider holds no process until the first invoke, so swapping it costs nothing.
      this.provider = new MeasuredProvider(fn, fn.params)
      this.provider.onProcess = spec.onProcess
      fn.provider = this.provider
      return fn
    })
  }

  /** The process id while it runs (tests look at its state). */
  get pid(): number | undefined {
    return this.provider?.process?.pid
  }

  /**
   * Runs one invocation; the environment must not be running another. As on
   * Lambda, a cold start's init has its own limit (10 s) and the function
   * timeout counts from the end of the init.
   */
  async invoke(event: unknown, timeoutMs: number): Promise<Invocation> {
    const cold = this.invocations++ === 0
    const fn = await this.fn
    const call = fn.invoke({ InvocationType: 'RequestResponse', Payload: JSON.stringify(event) })
    if (cold && (await within(this.provider!.initEnded, INIT_LIMIT_MS)) === 'late') return this.stopped(`its init ran past ${INIT_LIMIT_MS} ms`)
    const outcome = await within(call, timeoutMs)
    if (outcome === 'late') return this.stopped(`the invocation ran past ${timeoutMs} ms`)
    const payload = String(outcome.Payload ?? '')
    if (outcome.FunctionError === 'Unhandled') {
      this.gone = true
      return { ok: false, failure: 'crash', detail: errorMessage(payload) }
    }
    if (outcome.FunctionError) return { ok: false, failure: 'error', detail: errorMessage(payload) }
    return { ok: true, payload }
  }

  /** As Lambda does after a timeout: the environment is not used again. */
  private stopped(detail: string): Invocation {
    this.kill()
    return { ok: false, failure: 'timeout', detail }
  }

  /** False once a crash or timeout ended it: it must be discarded, not reused. */
  get usable(): boolean {
    return !this.gone
  }

  /** Ends the process at once (SIGKILL ends a frozen one too); fun then discards it. */
  kill(): void {
    this.gone = true
    const proc = this.provider?.process
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  }

  /** Stops the process (thawed first so it can exit) and removes its /tmp. */
  destroy(): Promise<void> {
    this.gone = true
    this.destroyed ??= this.fn
      .then((fn) => fn.destroy())
      .then(() => this.exited())
      .finally(() => rmSync(this.spec.tmpDir, { recursive: true, force: true }))
    return this.destroyed
  }

  /** fun's destroy sends SIGTERM and returns; this waits for the exit (SIGKILL after 2 s). */
  private async exited(): Promise<void> {
    const proc = this.provider?.process
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const force = setTimeout(() => proc.kill('SIGKILL'), 2000)
    await once(proc, 'exit')
    clearTimeout(force)
  }
}

/** Lambda's limit on a function's init phase. */
const INIT_LIMIT_MS = 10_000

/** The promise's value, or 'late' when it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms)
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

function errorMessage(payload: string): string {
  try {
    const error = JSON.parse(payload) as { errorType?: string; errorMessage?: string }
    return `${error.errorType ?? 'Error'}: ${error.errorMessage ?? payload}`
  } catch {
    return payload.slice(0, 300)
  }
}

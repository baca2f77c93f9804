/**
 * The one way a test file registers tests (test/test-conventions.test.ts checks every file uses
 * it): a uvu suite with a deadline, and skips that uvu counts as skips.
 *
 * - Deadline: the suite's tests and hooks share `deadline` seconds, counted from its first hook.
 *   A test still running then fails with a message naming the suite, the test and the deadline;
 *   tests after it fail at once. A hook that fails (uvu drops a failing `before` silently) fails
 *   every test of the suite with its message. Once a deadline has fired, the process exits when
 *   the last suite is done, so what the hung test still holds cannot keep the run alive.
 * - Skip: `test.needs(missing, name, fn)` registers a test that needs a tool this machine may not
 *   have. `missing` is decided at load time by a probe (undefined: the tool is here); a reason
 *   registers it with uvu's `test.skip`, so uvu's `Skipped:` total counts it, and prints
 *   `SKIP <suite> › <name>: <reason>` (what `.ci/run` lists before failing). Only a tool missing
 *   from the machine is a skip: our own code failing is a failure, never a skip.
 */
import { suite as uvuSuite } from 'uvu'

type Context = Record<string, unknown>
type Fn = (context: Context) => unknown
/** As uvu's: `test.before(fn)` once, `test.before.each(fn)` around every test. */
interface Hook {
  (fn: Fn): void
  each(fn: Fn): void
}

export interface SuiteOptions {
  /** Seconds the whole suite (hooks and tests) may take on a loaded machine before it fails. */
  deadline: number
  /** Why every test of the suite cannot run on this machine (a missing tool), or undefined. */
  missing?: string
}

export interface Test {
  (name: string, fn: Fn): void
  /** A test that needs a tool: skipped (counted and printed with the reason) when `missing` says why it is absent. */
  needs(missing: string | undefined, name: string, fn: Fn): void
  before: Hook
  after: Hook
  run(): void
}

/** Suites registered and finished in this process (all register at load time, before any runs). */
let registered = 0
let finished = 0
let deadlinePassed = false
/** What is running now, for the whole run's deadline message. */
let current = 'loading the test files'

/**
 * The whole run's deadline (`npm test` included), from the moment the first test file loads:
 * past it the run stops with a failure naming what was running, whatever the suites' own
 * deadlines add up to. EDGELOAD_TEST_RUN_DEADLINE_S overrides it.
 */
export const RUN_DEADLINE_S = Number(process.env.EDGELOAD_TEST_RUN_DEADLINE_S) || 3600
setTimeout(() => {
  console.error(`\n  FAIL the test run passed its ${RUN_DEADLINE_S} s deadline while running ${current}\n`)
  process.exit(1)
}, RUN_DEADLINE_S * 1000).unref()

export class DeadlineError extends Error {
  override name = 'DeadlineError'
}

export function suite(name: string, options: SuiteOptions): Test {
  if (!(options.deadline > 0)) throw new Error(`suite ${name}: a deadline in seconds is required`)
  const inner = uvuSuite(name)
  const seconds = options.deadline
  let endsAt = Infinity
  let hookFailure: string | undefined
  /** Tests that will run: with none (all skipped), no hook runs either, so nothing is started for nothing. */
  let runnable = 0
  const hook = (fn: Fn): Fn => (context) => (runnable > 0 ? fn(context) : undefined)
  inner.before(() => {
    endsAt = Date.now() + seconds * 1000
  })

  const within = async (what: string, fn: Fn, context: Context, graceMs = 0): Promise<void> => {
    const left = endsAt + graceMs - Date.now()
    if (left <= 0) throw new DeadlineError(`${name}: its ${seconds} s deadline passed before ${what} started`)
    current = `${name} › ${what}`
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        deadlinePassed = true
        reject(new DeadlineError(`${name}: ${what} still running at the suite's ${seconds} s deadline`))
      }, left)
    })
    try {
      await Promise.race([Promise.resolve().then(() => fn(context)), expired])
    } finally {
      clearTimeout(timer)
    }
  }

  const register = (testName: string, fn: Fn) => {
    runnable++
    inner(testName, async (context: Context) => {
      if (hookFailure) throw new Error(`${name}: not run, a hook failed: ${hookFailure}`)
      await within(`test "${testName}"`, fn, context)
    })
  }

  const skip = (testName: string, reason: string) => {
    console.log(`SKIP ${name} › ${testName}: ${reason}`)
    inner.skip(testName, () => {})
  }

  const test = ((testName: string, fn: Fn) => {
    if (options.missing) skip(testName, options.missing)
    else register(testName, fn)
  }) as Test
  test.needs = (missing, testName, fn) => {
    const reason = options.missing ?? missing
    if (reason) skip(testName, reason)
    else register(testName, fn)
  }
  test.before = Object.assign(
    (fn: Fn) =>
      inner.before(async (context: Context) => {
        if (hookFailure) return
        await within('a before hook', hook(fn), context).catch((error: Error) => {
          hookFailure = error.stack ?? error.message
        })
      }),
    { each: (fn: Fn) => inner.before.each((context: Context) => within('a before.each hook', fn, context)) },
  )
  // Cleanup gets its own 30 s past the deadline: it releases what the tests held.
  test.after = Object.assign(
    (fn: Fn) =>
      inner.after(async (context: Context) => {
        await within('an after hook', hook(fn), context, 30_000).catch((error: Error) => reportOutsideTest(name, error))
      }),
    { each: (fn: Fn) => inner.after.each((context: Context) => within('an after.each hook', fn, context, 30_000)) },
  )
  test.run = () => {
    registered++
    inner.after(() => {
      finished++
      if (deadlinePassed && finished === registered) {
        // uvu prints its totals right after this; then leave, whatever a timed-out test still holds.
        setTimeout(() => process.exit(), 1000).unref()
      }
    })
    inner.run()
  }
  return test
}

/** uvu aborts the whole run when an after hook throws: report it, and fail the run at exit instead. */
function reportOutsideTest(suiteName: string, error: Error): void {
  console.error(`\n  FAIL ${suiteName} (after hook): ${error.stack ?? error.message}\n`)
  process.on('exit', () => {
    process.exitCode = 1
  })
}

/**
 * k6's `options` object, read the same way by `convert` (on the script's source) and by a
 * k6-shaped module run directly (on its values): which keys carry over as they are, which become
 * something else, which are dropped and why, and k6's execution shortcuts (`vus`, `duration`,
 * `iterations`, `stages`) turned into the scenario k6 itself derives from them (named `default`).
 */

/** Keys that mean the same on a scenario here. */
export const SAME_KEYS = new Set(['scenarios', 'thresholds', 'insecureSkipTLSVerify', 'maxRedirects', 'noCookiesReset', 'tlsAuth'])

/** The execution shortcuts. */
export const SHORTCUT_KEYS = new Set(['vus', 'duration', 'iterations', 'stages'])

/** Keys dropped, each with why: the result still runs, and means what the script meant or close. */
export const DROPPED_KEYS: Readonly<Record<string, string>> = {
  setupTimeout: 'setup() has no time limit here',
  teardownTimeout: 'teardown() has no time limit here',
  summaryTrendStats: 'the report always shows avg, min, med, max, p(90), p(95), p(99); thresholds may name any p(N)',
  summaryTimeUnit: 'the report shows milliseconds',
  discardResponseBodies: "bodies are read unless a request says responseType: 'none' (add it where the body is not needed)",
  noConnectionReuse: 'each thread keeps its keep-alive connection',
  noVUConnectionReuse: 'each thread keeps its keep-alive connection',
  batch: 'http.batch opens up to 6 connections per origin',
  batchPerHost: 'http.batch opens up to 6 connections per origin',
  hosts: 'host overrides are not supported: give the address in the URL or --target',
  dns: 'the system resolver is used',
  httpDebug: 'use console.log on the response',
  systemTags: 'every built-in tag is available to thresholds; only the ones thresholds name are kept',
  ext: 'k6 Cloud settings do not apply',
  cloud: 'k6 Cloud settings do not apply',
  noUsageReport: 'edgeload sends no usage report',
  minIterationDuration: 'not supported: add ctx.sleep at the end of the iteration',
  rps: 'not supported: use a constant-arrival-rate scenario',
  blacklistIPs: 'not supported',
  blockHostnames: 'not supported',
  localIPs: 'not supported',
  linger: 'not supported',
  paused: 'not supported',
  consoleOutput: 'console output goes to the terminal',
  tlsVersion: 'Node.js negotiates the TLS version',
  tlsCipherSuites: 'Node.js chooses the cipher suites',
  throw: 'requests never throw here: read res.error',
  tags: 'test-wide tags are not supported: put tags on each scenario',
  noSetup: 'use --no-setup',
  noTeardown: 'use --no-teardown',
  executionSegment: 'use --segment i/n',
  executionSegmentSequence: 'use --segment i/n',
}

/** Fields of a k6 scenario that are not fields here, each with why (the result would not run). */
export const UNSUPPORTED_SCENARIO_KEYS: Readonly<Record<string, string>> = {
  env: 'per-scenario env is not supported: read ctx.scenario in the iteration instead',
  options: 'browser options: browser testing is not supported',
}

/** `userAgent` becomes this header. */
export const USER_AGENT_HEADER = 'User-Agent'

export interface Shortcuts<T> {
  vus?: T
  duration?: T
  iterations?: T
  stages?: T
}

/** The `default` scenario k6 derives from its shortcuts: executor name and fields in order. */
export function shortcutScenario<T>(s: Shortcuts<T>, one: T): { executor: string; fields: [string, T][] } | undefined {
  if (s.iterations !== undefined) {
    const fields: [string, T][] = [['vus', s.vus ?? one], ['iterations', s.iterations]]
    if (s.duration !== undefined) fields.push(['maxDuration', s.duration])
    return { executor: 'shared-iterations', fields }
  }
  if (s.duration !== undefined) return { executor: 'constant-vus', fields: [['vus', s.vus ?? one], ['duration', s.duration]] }
  if (s.stages !== undefined) return { executor: 'ramping-vus', fields: [['startVUs', s.vus ?? one], ['stages', s.stages]] }
  if (s.vus !== undefined) return { executor: 'per-vu-iterations', fields: [['vus', s.vus], ['iterations', one]] }
  return undefined
}

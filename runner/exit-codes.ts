/** The runner's exit codes (docs/cli.md, "Exit codes"), as k6 users expect them. */
export const EXIT = {
  ok: 0,
  /** The run could not be done: target unreachable, setup() failed, every request failed. */
  runFailed: 1,
  /** A usage or scenario error. */
  usage: 2,
  /** A threshold failed, or `compare --fail-on` found a significant regression. */
  thresholds: 99,
  /** `compare --fail-on`: a rule could not be judged (one run a side, too short, too few requests), without --allow-unjudged. */
  unjudged: 98,
  /** Ctrl-C: the partial report was printed. */
  interrupted: 130,
} as const

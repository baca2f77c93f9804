// What `compare` computes (compare.ts) and every view of it reads: the text table, `--json`, and
// the HTML page (html/). Plain data, JSON-safe.
import type { Summary } from '../summary-types.ts'

export interface Comparison {
  /** In the order given; runs[0] is the baseline every difference is taken against. */
  runs: ComparedRun[]
  rows: ComparisonRow[]
  /** How the verdicts were made, in one line (the bootstrap's block length, resamples, seed). */
  method: string
  bootstrap: BootstrapSettings
  /** `--fail-on` rules and what they found; empty without --fail-on. */
  failOn: FailOnResult[]
  /**
   * How the verdicts were reached: 'seconds' (one run a side: a bootstrap of each run's seconds,
   * blind to the variation between runs) or 'runs' (several runs a side: the runs' spread).
   */
  judgedFrom: 'seconds' | 'runs'
  /** Rows judged together against each baseline; each row's interval is at bootstrap.confidence so that all together hold at 95%. */
  rowsJudged: number
}

export interface BootstrapSettings {
  resamples: number
  /** Confidence of each row's interval (95% over the rows judged together: 99.17% for six). */
  confidence: number
  seed: number
  /** Fewer seconds than this (in either run) and no verdict is given (one run a side only). */
  minSeconds: number
}

export interface ComparedRun {
  /** What the user named it by, made readable: `#12`, `last~1 (#11)`, `a.json`, `node`. */
  label: string
  summary: Summary
  /** The source's schema: 1 has no histograms, so its percentile rows get no verdict. */
  version: 1 | 2
  /** Seconds of the per-second series the bootstrap resamples (the run's active seconds). */
  seconds: number
  /** The bootstrap's longest block for this run, in seconds (each phase has its own: √ its seconds). */
  blockSeconds: number
  /** Several runs a side: the runs this column stands for (its values are their means; `summary` is the first's). */
  members?: string[]
}

export type Verdict = 'better' | 'worse' | 'no significant difference' | 'too short to judge' | 'too few requests' | 'not measured'

export interface ComparisonRow {
  /** 'throughput' | 'errorRate' | 'p50' | 'p95' | 'p99' | 'mean' | 'max' | 'requests' | 'wallMs' | ... */
  key: string
  /** 'p99 (ms)' */
  label: string
  unit: 'ms' | 'req/s' | 'ratio' | 'count'
  /** Which direction is an improvement; null for rows that are only shown (requests). */
  better: 'higher' | 'lower' | null
  /** One per run. */
  values: (number | null)[]
  /** One per run; [0] is null (the baseline). */
  diffs: (ComparisonDiff | null)[]
}

export interface ComparisonDiff {
  /** value - baseline. */
  absolute: number
  /** (value - baseline) / baseline; null when the baseline is 0. */
  relative: number | null
  /** 95% bootstrap interval of `absolute`; null for rows without a verdict. */
  interval: [number, number] | null
  /**
   * 95% bootstrap interval of `relative`, from each resample's own ratio (so never below -100%);
   * null when an interval is, or when a resample's baseline was 0.
   */
  relativeInterval: [number, number] | null
  /** null: a row that gets no verdict (shown only). */
  verdict: Verdict | null
  /** Why a row could not be judged (too short, too few requests), in words. */
  why?: string
}

export interface FailOnResult {
  /** As given: `p(99)>+10%`. */
  rule: string
  /** The run's label. */
  run: string
  failed: boolean
  /** The rule could not be judged (the gate exits 98 unless --allow-unjudged). */
  unjudged: boolean
  /** Why, in words: `p99 +23.4% (95% interval +18.1% .. +29.0%), beyond +10%`. */
  reason: string
}

// `compare --fail-on`: the CI gate. A rule names a statistic, the direction of a regression and a
// margin against the first run:
//
//   p(N)>+X%          the Nth percentile (50, 90, 95 or 99) rose by more than X%
//   rate<-X%          throughput fell by more than X%
//   error_rate>+X%    the error rate rose by more than X percentage points
//
// The sign may be left out (`p(99)>10%`). A rule fails for a run when the statistic's interval
// (at the per-row confidence of the comparison, verdict.ts) lies on the worse side of 0 and its
// change is beyond the rule's margin, whatever --min-change says: the margin is the rule's own
// smallest change. A rule that cannot be judged (one run a side, a run too short or with too few
// requests for the tail) is unjudged: the gate exits 98 unless --allow-unjudged (docs/results.md).
// Rules are separated by commas or given with --fail-on more than once.
import { UsageError } from '../../load/run-errors.ts'
import type { Comparison, FailOnResult } from './comparison-types.ts'

export interface FailOnRule {
  text: string
  /** The comparison row it reads: p50, p90, p95, p99, throughput or errorRate. */
  row: string
  /** The margin as a fraction (0.1 for 10%); relative, except for the error rate (points). */
  margin: number
}

export const FAIL_ON_SYNTAX = "p(50|90|95|99)>+X%, rate<-X% or error_rate>+X%, e.g. 'p(99)>+10%,rate<-5%'"

const RULE = /^(p\((50|90|95|99)\)|rate|error_rate)\s*([<>])\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*%$/

/** Every rule in `values` (repeatable option, each comma-separated), or a UsageError saying which one is wrong. */
export function parseFailOn(values: readonly string[]): FailOnRule[] {
  const rules: FailOnRule[] = []
  const texts = values.map((value) => {
    const named = value.split(',').map((t) => t.trim()).filter(Boolean)
    // A gate that checks nothing must not pass silently (`--fail-on ','`, or '' which cac reads as 0).
    if (named.length === 0) throw new UsageError(`--fail-on ${JSON.stringify(value)} names no rule: use ${FAIL_ON_SYNTAX}`)
    return named
  })
  for (const text of texts.flat()) {
    const match = RULE.exec(text)
    if (!match) throw new UsageError(`--fail-on ${JSON.stringify(text)} is not a rule: use ${FAIL_ON_SYNTAX}`)
    const [, name, percentile, op, sign] = match
    const margin = Number(match[5]) / 100
    const rising = name !== 'rate'
    // The sign may be left out (p(99)>10%); given, it must say the same as the operator.
    if ((op === '>') !== rising || (sign !== '' && (sign === '+') !== rising)) {
      const want = rising ? `${name}>+${match[5]}%` : `rate<-${match[5]}%`
      throw new UsageError(`--fail-on ${JSON.stringify(text)}: a regression of ${name} is a ${rising ? 'rise' : 'fall'}; write ${want}`)
    }
    rules.push({ text, row: percentile ? `p${percentile}` : name === 'rate' ? 'throughput' : 'errorRate', margin })
  }
  return rules
}

/** Why a one-run-a-side comparison cannot judge a rule. */
export const ONE_RUN_A_SIDE = 'one run a side measures only the noise inside each run, not between runs; ' +
  'give several runs a side: compare A1 A2 A3 --vs B1 B2 B3 (node runner --repeat 3 makes them)'

/** Each rule against each run after the first. */
export function judgeFailOn(comparison: Comparison, rules: readonly FailOnRule[]): FailOnResult[] {
  const results: FailOnResult[] = []
  for (const rule of rules) {
    const row = comparison.rows.find((r) => r.key === rule.row)!
    const name = row.label.replace(/ \(.*\)$/, '')
    comparison.runs.forEach((run, i) => {
      const d = row.diffs[i]
      if (i === 0 || !d) return
      const change = rule.row === 'errorRate' ? d.absolute : d.relative
      const shown = change === null ? 'n/a' : rule.row === 'errorRate' ? `${signed(change * 100)} points` : `${signed(change * 100)}%`
      const result = (failed: boolean, unjudged: boolean, why: string) => results.push({ rule: rule.text, run: run.label, failed, unjudged, reason: `${name} ${shown}: ${why}` })
      if (comparison.judgedFrom === 'seconds') return result(false, true, ONE_RUN_A_SIDE)
      if (!d.interval) return result(false, true, `${d.verdict ?? 'no verdict'}${d.why ? ` (${d.why})` : ''}`)
      const falls = rule.row === 'throughput'
      const significant = falls ? d.interval[1] < 0 : d.interval[0] > 0
      const beyond = change !== null && (falls ? change < -rule.margin : change > rule.margin)
      const why = significant
        ? (beyond ? 'significant and beyond the margin' : 'significant but within the margin')
        : 'no significant regression'
      result(significant && beyond, false, why)
    })
  }
  return results
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`
}

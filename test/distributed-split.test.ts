/**
 * --segment i/n on the plan (docs/distributed.md): every executor's share, within a segment and
 * within a worker thread of a segment, adds up to the whole exactly, whatever number of worker
 * threads each segment uses; arrivals interleave; thread ids stay unique across every part.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { flatPart, shareOf, threadedPart, type Part, type PlannedPhase } from '../src/load/executors/executor.ts'
import { buildPhasePlan, localPlan, splitPlan, type PhasePlan } from '../src/load/phase-plan.ts'
import { parseSegment, segmentText } from '../src/distributed/segment.ts'
import { threadIdsOf } from '../src/load/workers/thread-ids.ts'

const test = suite('distributed-split', { deadline: 120 })

const iteration = async () => {}

/** Each phase as a mix of executors and awkward numbers (fewer threads than parts, odd totals). */
function mixedPlan(): PhasePlan {
  return buildPhasePlan({
    threads: 7,
    phases: [
      { name: 'A', iterations: 3 },
      { name: 'B', rate: 1000, duration: '1s', maxThreads: 5, preAllocatedThreads: 2 },
      { name: 'C', kind: 'shared-iterations', iterations: 101, threads: 2 / 7 },
      { name: 'D', startRate: 0, stages: [{ duration: '1s', target: 333 }], maxThreads: 3 },
      { name: 'E', stages: [{ duration: '1s', target: 5 }] },
    ],
    iteration,
  })
}

/** What a part of a phase runs, as the executors compute it: threads, shared iterations, arrival positions. */
function partWork(phase: PlannedPhase, arrivals: number) {
  const threads = shareOf(phase.threads, phase.part)
  const open = phase.config.maxThreads !== undefined ? threadedPart(phase.part, phase.config.maxThreads) : undefined
  const positions = open ? Array.from({ length: shareOf(arrivals, open) }, (_, k) => open.index + k * open.count) : []
  return { threads, iterations: phase.config.iterations as number | undefined, positions }
}

/** Every part of every segment of n, each segment over its own number of worker threads. */
function allParts(plan: PhasePlan, n: number, workersOf: (i: number) => number): PhasePlan[] {
  return Array.from({ length: n }, (_, index) => ({ ...plan, segment: { index, count: n } }))
    .flatMap((segmentPlan, i) => (workersOf(i) === 1 ? [localPlan(segmentPlan)] : splitPlan(segmentPlan, workersOf(i))))
}

test('--segment i/n: 1-based on the command line, 0-based inside; everything else refused', () => {
  assert.equal(parseSegment('1/3'), { part: { index: 0, count: 3 } })
  assert.equal(parseSegment(' 3 / 3 '), { part: { index: 2, count: 3 } })
  assert.is(segmentText({ index: 1, count: 4 }), '2/4')
  for (const bad of ['0/3', '4/3', '1/0', 'x', '1/', '-1/3', '1.5/3', '1/3/5', '']) {
    const parsed = parseSegment(bad)
    assert.ok('problem' in parsed, bad)
    assert.match((parsed as { problem: string }).problem, /--segment/)
  }
})

test('parts of parts add up exactly: threads, shared iterations and arrival positions, for n = 1..5 and any workers', () => {
  const plan = mixedPlan()
  const arrivals = [0, 1000, 0, 167, 0] // B: 1000/s for 1s; D: a ramp 0 -> 333/s over 1s
  for (let n = 1; n <= 5; n++) {
    for (const workersOf of [() => 1, () => 3, (i: number) => 1 + (i % 3)]) {
      const parts = allParts(plan, n, workersOf)
      plan.phases.forEach((whole, p) => {
        const works = parts.map((part) => partWork(part.phases[p]!, arrivals[p]!))
        const label = `n=${n} phase ${whole.name} workers ${parts.length}`
        assert.is(works.reduce((sum, w) => sum + w.threads, 0), whole.threads, `${label}: threads`)
        if (whole.executor === 'shared-iterations') assert.is(works.reduce((sum, w) => sum + w.iterations!, 0), 101, `${label}: shared iterations`)
        if (whole.executor === 'iterations') assert.ok(works.every((w) => w.iterations === 3), label)
        const positions = works.flatMap((w) => w.positions).sort((a, b) => a - b)
        assert.equal(positions, Array.from({ length: arrivals[p]! }, (_, k) => k), `${label}: every arrival once`)
      })
    }
  }
})

test('a rate over 4 segments: each part takes every 4th arrival, so their arrivals interleave in time', () => {
  const plan = mixedPlan()
  const firsts = [0, 1, 2, 3].map((index) => partWork(localPlan({ ...plan, segment: { index, count: 4 } }).phases[1]!, 1000).positions.slice(0, 3))
  assert.equal(firsts, [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]])
})

test('a worker thread within a segment is the flat part of the product; without a segment, the part itself', () => {
  const inner: Part = { index: 1, count: 2, within: { index: 2, count: 3 } }
  assert.equal(flatPart(inner), { index: 5, count: 6 })
  assert.equal(flatPart({ index: 1, count: 4 }), { index: 1, count: 4 })
  // 7 threads: segment 3 of 3 has threads 2 and 5; its second worker thread has thread 5 alone.
  assert.is(shareOf(7, inner), 1)
  assert.equal(threadedPart(inner, 7), { index: 5, count: 6 })
  // 2 threads: segment 3 of 3 has none, so neither of its worker threads gets arrivals.
  assert.is(threadedPart(inner, 2), undefined)
})

test('thread ids stay unique over every part of every segment, however many worker threads each has', () => {
  const seen = new Set<number>()
  for (let i = 0; i < 3; i++) {
    const workers = i + 1
    for (let j = 0; j < workers; j++) {
      const next = threadIdsOf(workers === 1 ? { index: i, count: 3 } : { index: j, count: workers, within: { index: i, count: 3 } })
      for (let k = 0; k < 20; k++) {
        const id = next()
        assert.ok(!seen.has(id), `id ${id} given twice`)
        seen.add(id)
      }
    }
  }
  assert.is(threadIdsOf(undefined)(), 1)
})

test.run()

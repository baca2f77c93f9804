import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { validateScenario } from '../src/load/scenario-validate.ts'
import peak from '../scenarios/peak.ts'
import smoke from '../scenarios/smoke.ts'
import steps from '../scenarios/steps.ts'

const test = suite('load-scenario-validate', { deadline: 120 })

const iteration = async () => {}

test('the bundled scenarios are valid', () => {
  for (const scenario of [peak, steps, smoke]) assert.equal(validateScenario(scenario), [], scenario.name)
})

test('every problem is reported at once, each saying where', () => {
  const problems = validateScenario({
    threads: 0,
    iterations: -1,
    phases: [
      { name: 'Warmup', threads: 1.5 },
      { name: 'Odd', kind: 'ramp' },
      { name: 'Neg', iterations: -3 },
      { name: 'Zero', threads: 0, startNext: 2 },
      { name: 'Open', rate: 0, duration: 'soon' },
    ],
    thresholds: { http_req_duration: ['p(95)<<200'] },
    iteration,
  })
  const expected = [
    /^threads must be a whole number >= 1, got 0$/,
    /^iterations must be a whole number >= 0, got -1$/,
    /phases\[0\] "Warmup": threads is a share .* \(0, 1\], got 1\.5/,
    /phases\[1\] "Odd": unknown kind "ramp" \(use .*'ramping-threads' \(ramping-vus\)/,
    /phases\[2\] "Neg": iterations must be a whole number >= 0, got -3/,
    /phases\[3\] "Zero": threads is a share .* got 0$/,
    /phases\[3\] "Zero": startNext must be in \(0, 1\], got 2/,
    /phases\[4\] "Open": duration "soon" is not a duration/,
    /phases\[4\] "Open": rate must be a number > 0, got 0/,
    /http_req_duration/,
  ]
  for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} in:\n${problems.join('\n')}`)
  assert.is(problems.length, expected.length, problems.join('\n'))
})

test('a missing iteration function, unknown fields and misplaced phase fields are named', () => {
  const problems = validateScenario({ treads: 5, phases: [{ name: 'A', rate: 5, duration: '1s', iterations: 3 }, { threads: 0.5 }] })
  assert.ok(problems.some((p) => /^iteration must be a function/.test(p)), problems.join('\n'))
  assert.ok(problems.includes('unknown field "treads"'), problems.join('\n'))
  assert.ok(problems.some((p) => /phases\[0\] "A": field "iterations" does not belong in a rate phase/.test(p)), problems.join('\n'))
  assert.ok(problems.some((p) => /phases\[1\]: name must be a non-empty string/.test(p)), problems.join('\n'))
})

test('duplicate phase names, a rate phase without duration and a bad target are refused', () => {
  const problems = validateScenario({ target: 'ftp://x', phases: [{ name: 'A' }, { name: 'A' }, { name: 'R', rate: 10 }], iteration })
  assert.ok(problems.some((p) => /"A" is used by an earlier phase/.test(p)))
  assert.ok(problems.some((p) => /"R": duration is required/.test(p)))
  assert.ok(problems.some((p) => /target must be an http/.test(p)))
})

test('a default export that is not an object is one clear problem', () => {
  assert.equal(validateScenario(42), ['the default export must be a scenario object, got 42'])
})



test('http2: { streams: N } is checked: a whole number from 1 to 1000, no unknown field', () => {
  assert.equal(validateScenario({ http2: { streams: 8 }, iteration }), [])
  assert.equal(validateScenario({ http2: { streams: 2, h2c: true }, iteration }), [])
  const problems = validateScenario({ http2: { streams: 0, streem: 2 }, iteration })
  assert.ok(problems.some((p) => /^http2: unknown field "streem" \(streams, h2c\)$/.test(p)), problems.join('\n'))
  assert.ok(problems.some((p) => /^http2\.streams must be a whole number from 1 to 1000, got 0$/.test(p)), problems.join('\n'))
  assert.match(validateScenario({ http2: 'yes', iteration }).join('\n'), /http2 must be true .* or \{ streams: N, h2c\?: true \}/)
})
test.run()

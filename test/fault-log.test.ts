import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createFaultLog, describe } from '../handler/lib/fault-log.ts'

const test = suite('fault-log', { deadline: 120 })

/** A fault log writing into an array, on a clock the test moves by hand. */
function recorded(burst = 3, windowMs = 60_000) {
  const lines: string[] = []
  let now = 0
  const log = createFaultLog({ write: (line) => lines.push(line), now: () => now, burst, windowMs })
  return { log, lines, advance: (ms: number) => { now += ms } }
}

test('a server fault is one line: name, message and where, never the stack', () => {
  const { log, lines } = recorded()
  log.server('GET /current/1 failed', new TypeError('boom'))
  assert.is(lines.length, 1)
  assert.not.match(lines[0], /\n/)
  assert.match(lines[0], /^GET \/current\/1 failed: TypeError: boom \(at .*fault-log\.test\.ts:\d+:\d+\)$/)
})

test('repeated client faults of one kind are written up to the burst, then counted', () => {
  const { log, lines, advance } = recorded(3)
  for (let i = 0; i < 10; i++) log.client('client error', `bad request ${i}`)
  assert.equal(lines, ['client error: bad request 0', 'client error: bad request 1', 'client error: bad request 2'])
  advance(60_000)
  log.client('client error', 'bad request 10')
  assert.equal(lines.slice(3), ['client error: 7 more not logged in the last 60 s', 'client error: bad request 10'])
})

test('each kind has its own budget', () => {
  const { log, lines } = recorded(1)
  log.client('client error', 'a')
  log.client('client error', 'b')
  log.client('pipelining flood', 'c')
  assert.equal(lines, ['client error: a', 'pipelining flood: c'])
})

test('client text cannot forge a second log line and is clipped', () => {
  const { log, lines } = recorded()
  log.client('client error', `GET /x\r\nfake: line\u0000${'y'.repeat(1000)}`)
  assert.is(lines.length, 1)
  assert.not.match(lines[0], /[\r\n\u0000]/)
  assert.ok(lines[0].length < 350, `clipped, got ${lines[0].length} characters`)
})

test('a thrown value that is not an Error is described as text', () => {
  assert.is(describe('plain'), 'plain')
})

test.run()

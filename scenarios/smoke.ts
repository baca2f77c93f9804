/**
 * smoke: is the service up and does every route answer as docs/api.md says?
 *
 * Models nothing heavy: one thread, one iteration, every route once, each answer checked.
 * A failed check fails the `checks` threshold, so the run exits 99: usable as a deploy check.
 * The user id is random, so repeated runs against one server do not add up each other's steps.
 *
 *   node runner --scenario smoke.ts --target https://<your deployment>
 */
import type { Scenario } from '../src/load/scenario.ts'

export default {
  name: 'smoke',
  threads: 1,
  iterations: 1,
  phases: [{ name: 'Smoke', threads: 1 }],
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate<0.2'], // the two deliberate 404s below are 2 of 12 requests
  },
  async iteration(http, ctx) {
    const user = 1_000_000 + Math.floor(ctx.random() * 1_000_000_000)
    const day = 1 + Math.floor(ctx.random() * 36_000)
    const check = ctx.check.bind(ctx)

    check(await http.get('/health'), {
      'health: 200 and status ok': (r) => r.status === 200 && r.json<{ status: string }>().status === 'ok',
    })
    check(await http.get('/myresource'), { 'GET /myresource: Got it!': (r) => r.status === 200 && r.body === 'Got it!' })
    check(await http.post('/myresource', 'hello, world'), { 'POST /myresource: body length': (r) => r.body === '12' })
    check(await http.get(`/current/${user}`, { name: '/current/:userId' }), { 'unknown user: 404': (r) => r.status === 404 })

    const post = { name: '/:userId/:day/:interval/:steps' }
    check(await http.post(`/${user}/${day}/7/1200`, undefined, post), { 'POST steps: 200': (r) => r.status === 200 })
    check(await http.post(`/${user}/${day}/7/300`, undefined, post), { 'POST same hour: 200': (r) => r.status === 200 })
    check(await http.post(`/${user}/${day + 1}/9/50`, undefined, post), { 'POST next day: 200': (r) => r.status === 200 })

    check(await http.get(`/current/${user}`, { name: '/current/:userId' }), {
      'current: latest day total': (r) => r.status === 200 && r.body === '50',
    })
    check(await http.get(`/single/${user}/${day}`, { name: '/single/:userId/:day' }), {
      'single: same-hour posts add up': (r) => r.status === 200 && r.body === '1500',
    })
    check(await http.get(`/range/${user}/${day}/3`, { name: '/range/:userId/:startDay/:numDays' }), {
      'range: daily totals as JSON': (r) => r.status === 200 && JSON.stringify(r.json()) === '[1500,50,0]',
    })
    check(await http.get(`/current/${user}`, { name: '/current/:userId', headers: { accept: 'application/json' } }), {
      'Accept json: JSON answer': (r) => r.json<{ steps: number }>().steps === 50,
    })
    check(await http.get('/no/such/route'), { 'unknown path: 404 JSON error': (r) => r.status === 404 && 'error' in r.json<object>() })
  },
} satisfies Scenario

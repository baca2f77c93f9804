/**
 * html-report-demo: the run behind docs/img/html-report.png (npm run docs:screenshot): about
 * 16 seconds in four phases against the step-counter API, so the report's timelines have a shape
 * to show. Reads of users nobody has written yet answer 404, many at first and fewer as the
 * writes fill the store: the errors line has something to say too.
 */
import type { Scenario } from '../../src/load/scenario.ts'

const USERS = 300

export default {
  name: 'html-report-demo',
  threads: 8,
  phases: [
    { name: 'Warmup', threads: 0.25, duration: '3s' },
    { name: 'Loading', threads: 0.5, duration: '4s' },
    { name: 'Peak', threads: 1.0, duration: '6s' },
    { name: 'Cooldown', threads: 0.25, duration: '3s' },
  ],
  thresholds: {
    http_req_duration: ['p(99)<250'],
    'http_req_duration{name:/current/:userId}': ['p(95)<100'],
    http_req_failed: ['rate<0.3'],
  },
  async iteration(http, ctx) {
    const user = 1 + Math.floor(ctx.random() * USERS)
    const day = 1 + Math.floor(ctx.random() * 30)
    await http.post(`/${user}/${day}/${Math.floor(ctx.random() * 24)}/${Math.floor(ctx.random() * 5000)}`, undefined, { name: '/:userId/:day/:interval/:steps', responseType: 'none' })
    const reader = 1 + Math.floor(ctx.random() * USERS)
    const current = await http.get(`/current/${reader}`, { name: '/current/:userId' })
    ctx.check(current, { 'answered (200, or 404 for a user not yet written)': (r) => r.status === 200 || r.status === 404 })
    await http.get(`/single/${user}/${day}`, { name: '/single/:userId/:day' })
    await ctx.sleep(10)
  },
} satisfies Scenario

/**
 * peak: the original course assignment's test, unchanged in substance.
 *
 * Models a burst of users on one resource: four phases run one after another, Warmup (10% of
 * the max threads), Loading (50%), Peak (100%) and Cooldown (25%); each thread has its own
 * keep-alive connection and runs `iterations` iterations of one POST (a text body) and one GET
 * of /myresource, strictly one request at a time (a closed model).
 *
 * 20 threads x 100 iterations = (2 + 10 + 20 + 5) x 100 x 2 = 7,400 requests, and 100 threads
 * = 37,000, the totals of the original report.
 *
 *   node runner --scenario peak.ts
 *   node runner --scenario peak.ts --threads 100 --iterations 100 --target http://host:8080
 */
import type { Scenario } from '../src/load/scenario.ts'

export default {
  name: 'peak',
  threads: 20,
  iterations: 100,
  phases: [
    { name: 'Warmup', threads: 0.1 },
    { name: 'Loading', threads: 0.5 },
    { name: 'Peak', threads: 1.0 },
    { name: 'Cooldown', threads: 0.25 },
  ],
  thresholds: {
    http_req_failed: ['rate<0.01'],
  },
  async iteration(http) {
    await http.post('/myresource', 'The original client posted a short line of text.', { responseType: 'none' })
    await http.get('/myresource', { responseType: 'none' })
  },
} satisfies Scenario

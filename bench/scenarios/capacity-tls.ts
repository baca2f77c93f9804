/**
 * Generator capacity over TLS: the capacity scenario against an https target with a
 * certificate made for the bench (so insecureSkipTLSVerify), HTTP/2 by ALPN unless
 * BENCH_HTTP2=h1 keeps it to HTTP/1.1. The bench sets --threads, --duration and --target.
 */
import type { Scenario } from '../../src/load/scenario.ts'

export default {
  name: 'capacity-tls',
  threads: 50,
  duration: '5s',
  insecureSkipTLSVerify: true,
  http2: process.env.BENCH_HTTP2 !== 'h1',
  phases: [{ name: 'Load', threads: 1 }],
  async iteration(http) {
    await http.get('/myresource')
  },
} satisfies Scenario

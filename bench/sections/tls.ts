import { coreLayout } from '../lib/cpus.ts'
import { startNodeTarget } from '../lib/fast-target.ts'
import { runAutocannon } from '../lib/autocannon.ts'
import { runH2load } from '../lib/h2load.ts'
import { runRunner } from '../lib/runner.ts'
import { ensureTool } from '../lib/tools.ts'
import { pairedRatio, sideBySide, type Contender, type ContenderSummary } from '../lib/side-by-side.ts'
import { fmtInt, fmtMs } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'
import { makeCerts, opensslMissing } from '../../test/helpers/tls-certs.ts'

const SCENARIO = new URL('../scenarios/capacity-tls.ts', import.meta.url).pathname
const PATH = '/myresource'

function describe(s: ContenderSummary): string {
  return `${s.name} ${fmtInt(s.median.rps)} req/s, p99 ${fmtMs(s.median.p99Ms)}`
}

/**
 * The runner's capacity over TLS (its own HTTP/1.1 client on node:tls, HTTP/2 on node:http2, by ALPN) beside
 * autocannon (HTTPS/1.1) and nghttp2's h2load (both), each with the same connections and one
 * request at a time on each, against node:http2's secure server on the target core. The
 * certificate is made for the run by openssl and removed after.
 */
export async function tlsSection(opts: BenchOptions): Promise<SectionResult> {
  const core = coreLayout().generator
  const c = opts.connections
  const d = opts.durationS
  const missing = opensslMissing()
  if (missing) return { rows: [{ section: 'tls', case: 'runner over TLS', a: 'skipped', note: missing }], data: {} }
  const certs = makeCerts()
  // The target process inherits these (tls-fast.ts reads them).
  process.env.BENCH_TLS_CERT = certs.selfSigned.certFile
  process.env.BENCH_TLS_KEY = certs.selfSigned.keyFile
  const target = await startNodeTarget('tls-fast.ts', [], 'node:http2 secure server')
  const url = target.url.replace('http://', 'https://')
  const rows: Row[] = []
  try {
    const h2load = ensureTool('h2load', 'nghttp2-client')
    if (!h2load.ok) console.log(`bench: tls: skipping h2load: ${h2load.reason}`)
    const runner = (protocol: 'h1' | 'h2') => () =>
      runRunner({ scenario: SCENARIO, target: url, threads: c, durationS: d, core, env: { BENCH_HTTP2: protocol } })
    const caseName = `${c} connections, ${d} s, ${target.name}`

    const h1: Contender[] = [
      { name: 'runner https/1.1', run: runner('h1') },
      { name: 'autocannon', run: () => runAutocannon({ url: url + PATH, connections: c, durationS: d, core }) },
    ]
    if (h2load.ok) h1.push({ name: 'h2load --h1', run: () => runH2load(h2load.path, { url: url + PATH, connections: c, durationS: d, h1: true, core }) })
    const [r1, autocannon, h2loadH1] = await sideBySide(h1, opts.rounds, 'tls https/1.1')
    const vsAutocannon = pairedRatio(r1!, autocannon!)
    rows.push({ section: 'tls', case: `HTTPS/1.1: runner vs autocannon (${caseName})`, a: describe(r1!), b: describe(autocannon!), ratio: vsAutocannon, target: '>= 0.8x', holds: vsAutocannon >= 0.8 })
    if (h2loadH1) {
      const ratio = pairedRatio(r1!, h2loadH1)
      rows.push({ section: 'tls', case: `HTTPS/1.1: runner vs h2load --h1 (${caseName})`, a: describe(r1!), b: describe(h2loadH1), ratio, target: '>= 0.4x', holds: ratio >= 0.4 })
    }

    if (h2load.ok) {
      const h2: Contender[] = [
        { name: 'runner h2', run: runner('h2') },
        { name: 'h2load', run: () => runH2load(h2load.path, { url: url + PATH, connections: c, durationS: d, core }) },
      ]
      const [r2, h2loadH2] = await sideBySide(h2, opts.rounds, 'tls h2')
      const ratio = pairedRatio(r2!, h2loadH2!)
      rows.push({ section: 'tls', case: `HTTP/2: runner vs h2load, 1 stream per connection (${caseName})`, a: describe(r2!), b: describe(h2loadH2!), ratio, target: '>= 0.4x', holds: ratio >= 0.4 })
    } else {
      rows.push({ section: 'tls', case: 'HTTP/2: runner vs h2load', a: 'skipped', note: `h2load unavailable: ${h2load.ok ? '' : h2load.reason}` })
    }
    return { rows, data: { target: target.name, connections: c, durationS: d } }
  } finally {
    await target.close()
    certs.remove()
  }
}

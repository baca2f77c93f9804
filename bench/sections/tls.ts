import { coreLayout } from '../lib/cpus.ts'
import { startNginx } from '../lib/nginx.ts'
import { runAutocannon } from '../lib/autocannon.ts'
import { runH2load } from '../lib/h2load.ts'
import { runRunner } from '../lib/runner.ts'
import { runWrk } from '../lib/wrk.ts'
import { runNodeFloor } from '../lib/node-floor.ts'
import { floorRows } from '../lib/floor-rows.ts'
import { ensureTool } from '../lib/tools.ts'
import { describeContender, pairedRatio, sideBySide, type Contender } from '../lib/side-by-side.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'
import { makeCerts, opensslMissing } from '../../test/helpers/tls-certs.ts'

const SCENARIO = new URL('../scenarios/capacity-tls.ts', import.meta.url).pathname
const PATH = '/myresource'

/**
 * The runner over TLS beside the generators people compare it with, against nginx with TLS and
 * HTTP/2 (one worker on the target core, a self-signed certificate made for the run by openssl
 * and removed after): HTTP/2 (the runner's default on https) beside h2load -m1, HTTPS/1.1
 * (`http2: false`) beside wrk, h2load --h1 and autocannon. Every tool has the same connections
 * and one request at a time on each, on the generator core; rounds alternate. nginx answers a
 * fixed 200 from its config, so the generators are what is measured (wrk and h2load made several
 * times the runner's old HTTP/2 rate against it: it is not the bottleneck).
 */
export async function tlsSection(opts: BenchOptions): Promise<SectionResult> {
  const layout = coreLayout()
  const core = layout.generator
  const c = opts.connections
  const d = opts.durationS
  const missing = opensslMissing()
  if (missing) return { rows: [{ section: 'tls', case: 'runner over TLS', a: 'skipped', note: missing }], data: {} }
  const nginx = ensureTool('nginx', 'nginx')
  if (!nginx.ok) return { rows: [{ section: 'tls', case: 'runner over TLS', a: 'skipped', note: `nginx unavailable: ${nginx.reason}` }], data: {} }
  const certs = makeCerts()
  const target = await startNginx({ binary: nginx.path, core: layout.target, tls: certs.selfSigned })
  const url = target.url
  const rows: Row[] = []
  try {
    const runner = (protocol: 'h1' | 'h2') => () =>
      runRunner({ scenario: SCENARIO, target: url, threads: c, durationS: d, core, env: { BENCH_HTTP2: protocol } })
    const contenders: Contender[] = [
      { name: 'runner h2', run: runner('h2') },
      { name: 'runner https/1.1', run: runner('h1') },
      { name: 'autocannon', run: () => runAutocannon({ url: url + PATH, connections: c, durationS: d, core }) },
      { name: 'node floor h2', run: () => runNodeFloor({ url: url + PATH, connections: c, durationS: d, protocol: 'h2', core }) },
      { name: 'node floor https/1.1', run: () => runNodeFloor({ url: url + PATH, connections: c, durationS: d, protocol: 'h1', core }) },
    ]
    const h2load = ensureTool('h2load', 'nghttp2-client')
    if (h2load.ok) {
      contenders.push({ name: 'h2load -m1', run: () => runH2load(h2load.path, { url: url + PATH, connections: c, durationS: d, core }) })
      contenders.push({ name: 'h2load --h1', run: () => runH2load(h2load.path, { url: url + PATH, connections: c, durationS: d, h1: true, core }) })
    } else console.log(`bench: tls: skipping h2load: ${h2load.reason}`)
    const wrk = ensureTool('wrk', 'wrk')
    if (wrk.ok) contenders.push({ name: 'wrk', run: () => runWrk({ binary: wrk.path, url: url + PATH, connections: c, durationS: d, core }) })
    else console.log(`bench: tls: skipping wrk: ${wrk.reason}`)
    const results = await sideBySide(contenders, opts.rounds, 'tls')
    const by = (name: string) => results.find((r) => r.name === name)
    const caseName = `${c} connections, ${d} s, ${target.name}`
    const compare = (label: string, a: string, b: string, least: number, unavailable: string): void => {
      const mine = by(a)!
      const other = by(b)
      if (!other) return void rows.push({ section: 'tls', case: label, a: 'skipped', note: unavailable })
      const ratio = pairedRatio(mine, other)
      rows.push({ section: 'tls', case: `${label} (${caseName})`, a: describeContender(mine), b: describeContender(other), ratio, target: `>= ${least}x`, holds: ratio >= least })
    }
    rows.push(...floorRows({
      section: 'tls', caseName, prefix: 'HTTP/2: ', runner: by('runner h2')!, floor: by('node floor h2')!, native: by('h2load -m1'),
      nativeName: 'h2load -m1', target: 0.8, unavailable: `h2load unavailable: ${h2load.ok ? '' : h2load.reason}`,
    }))
    rows.push(...floorRows({
      section: 'tls', caseName, prefix: 'HTTPS/1.1: ', runner: by('runner https/1.1')!, floor: by('node floor https/1.1')!, native: by('wrk'),
      nativeName: 'wrk', target: 0.9, unavailable: `wrk unavailable: ${wrk.ok ? '' : wrk.reason}`,
    }))
    compare('HTTPS/1.1: runner vs h2load --h1', 'runner https/1.1', 'h2load --h1', 0.9, `h2load unavailable: ${h2load.ok ? '' : h2load.reason}`)
    compare('HTTPS/1.1: runner vs autocannon', 'runner https/1.1', 'autocannon', 1.2, '')
    const errors = results.reduce((n, r) => n + r.median.errors, 0)
    if (errors) rows[0]!.note = `${errors} failed requests across the tools`
    return { rows, data: { target: target.name, connections: c, durationS: d, results } }
  } finally {
    await target.close()
    certs.remove()
  }
}

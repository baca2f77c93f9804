import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runRunner } from '../lib/runner.ts'
import { describeContender as describe, pairedRatio, sideBySide } from '../lib/side-by-side.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/capacity.ts', import.meta.url).pathname

/**
 * What each `--out name=target` stream and `--dashboard` cost the run (docs/outputs.md): the runner on its core
 * against the fast target with no stream, then with one, side by side. The remote-write and
 * InfluxDB endpoints are a sink in the bench's own process that reads each body and answers
 * 204, so the figure is the runner's cost (gathering, encoding, sending), not a store's speed.
 */
export async function outputsSection(opts: BenchOptions): Promise<SectionResult> {
  const c = opts.connections
  const d = opts.durationS
  const rows: Row[] = []
  const data: Record<string, unknown> = {}
  const target = await startFastTarget()
  const sink = await startSink()
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-bench-outputs-'))
  try {
    const core = coreLayout().generator
    const side = (name: string, args: string[]) => ({
      name, run: () => runRunner({ scenario: SCENARIO, target: target.url, threads: c, durationS: d, core, extraArgs: args }),
    })
    // Aggregating outputs are held to 0.95x of a run without them. Per-sample ones write every
    // sample (about 2.3 KB of JSON a request): no encoder does that at 100,000 requests a second
    // on one core within 5% of a run that writes nothing, so they are held to a cost a request.
    const streams: readonly Stream[] = [
      { name: '--out json', args: ['--out', `json=${join(dir, 'samples.jsonl')}`], maxUs: 10 },
      { name: '--out json .gz', args: ['--out', `json=${join(dir, 'samples.jsonl.gz')}`], maxUs: 12 },
      { name: '--out prometheus', args: ['--out', `prometheus=${sink.url}/api/v1/write`] },
      { name: '--out influxdb', args: ['--out', `influxdb=${sink.url}/k6`], maxUs: 10 },
      // The live page with nobody watching: the live feed's per-second snapshots and the page's history only.
      { name: '--dashboard (no viewer)', args: ['--dashboard=0'] },
    ]
    const results = await sideBySide([side('no output', []), ...streams.map(({ name, args }) => side(name, args))], opts.rounds, 'outputs')
    const none = results[0]!
    for (const [i, stream] of streams.entries()) {
      const withIt = results[i + 1]!
      const ratio = pairedRatio(withIt, none)
      const costUs = 1e6 / withIt.median.rps - 1e6 / none.median.rps
      const cost = `${costUs.toFixed(1)} us a request`
      rows.push({
        section: 'outputs', case: `${stream.name} / none, runner on one core vs ${target.name}, ${c} threads`,
        a: describe(withIt), b: describe(none), ratio,
        ...(stream.maxUs === undefined
          ? { target: '>= 0.95x', holds: ratio >= 0.95, note: `${stream.name}: ${cost}` }
          : { target: `<= ${stream.maxUs} us a request`, holds: costUs <= stream.maxUs, note: `${stream.name}: ${cost} (per-sample output)` }),
      })
    }
    data.results = results
    data.sinkRequests = sink.requests()
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await sink.close()
    await target.close()
  }
  return { rows, data }
}

interface Stream {
  name: string
  args: string[]
  /** Per-sample outputs: the CPU a request may add (us), read from the rates (the runner's core is saturated). */
  maxUs?: number
}

/** A remote-write / InfluxDB stand-in: reads each body, answers 204. */
function startSink(): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests++
      res.statusCode = 204
      res.end()
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number }
    resolve({
      url: `http://127.0.0.1:${port}`,
      requests: () => requests,
      close: () => new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
    })
  }))
}

/**
 * A/B of bench servers under wrk, alternating for several rounds on a shared
 * machine: median req/s and server CPU microseconds per request.
 *   node --import tsx bench/tools/ab-servers.ts --route current --rounds 5 A.ts B.ts ...
 * Routes: myresource, post, current.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { coreLayout } from '../lib/cpus.ts'
import { nodeArgs, spawnReady } from '../lib/proc.ts'
import { workingCopy, USERS, DAYS } from '../lib/steps-db.ts'
import { runWrk } from '../lib/wrk.ts'
import { median } from '../lib/stats.ts'

const ROUTES: Record<string, { path: string; script?: string }> = {
  myresource: { path: '/myresource' },
  post: { path: '/', script: 'post-steps.lua' },
  current: { path: '/', script: 'current.lua' },
  'current-fixed': { path: '/current/5' },
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { route: { type: 'string', default: 'myresource' }, rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '3' } },
})
const route = ROUTES[values.route!]!
const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(f[11]) + Number(f[12])
}

const servers = []
for (const file of positionals) {
  const db = workingCopy()
  const [cmd, args] = nodeArgs(file, [db.file])
  servers.push({ file, db, child: await spawnReady<{ port: number; pid: number }>(cmd, args, { core: coreLayout().target }), rps: [] as number[], cpu: [] as number[] })
}
const wrk = (port: number, s: number) =>
  runWrk({ binary: 'wrk', url: `http://127.0.0.1:${port}${route.path}`, script: route.script, connections: 50, durationS: s, core: coreLayout().generator, env: { BENCH_USERS: String(USERS), BENCH_DAYS: String(DAYS) } })
for (const s of servers) await wrk(s.child.ready.port, 2)
for (let r = 0; r < Number(values.rounds); r++) {
  for (const s of r % 2 ? [...servers].reverse() : servers) {
    const before = cpuTicks(s.child.ready.pid)
    const res = await wrk(s.child.ready.port, Number(values.seconds))
    s.rps.push(res.rps)
    s.cpu.push(((cpuTicks(s.child.ready.pid) - before) * 10_000) / res.requests)
    if (res.errors) console.log(`${s.file}: ${res.errors} errors`)
  }
}
for (const s of servers) {
  console.log(`${s.file.padEnd(50)} ${Math.round(median(s.rps)).toString().padStart(7)} req/s  ${median(s.cpu).toFixed(1).padStart(6)} cpu-us/req   [${s.cpu.map((c) => c.toFixed(1)).join(' ')}]`)
  await s.child.stop()
  s.db.remove()
}

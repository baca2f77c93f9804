/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went:
 * self time per function and time per package/file, heaviest first.
 *   node --import tsx bench/tools/cpuprofile-top.ts FILE.cpuprofile [N] [REQUESTS]
 * With REQUESTS (how many requests the profiled process served) each line also shows
 * microseconds per request, comparable between two servers' profiles.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, limitArg, requestsArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: cpuprofile-top.ts FILE.cpuprofile [N]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const limit = Number(limitArg ?? 30)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)
const requests = Number(requestsArg ?? 0)
const idleId = profile.nodes.find((n) => n.callFrame.functionName === '(idle)')?.id
const busy = total - (idleId === undefined ? 0 : selfUs.get(idleId) ?? 0)

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) return url.slice(nm + 13)
  return url.replace(/^file:\/\/\/work\/main\//, '').replace(/^file:\/\//, '')
}

function tally(key: (n: ProfileNode) => string): [string, number][] {
  const sums = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const k = key(byId.get(id)!)
    sums.set(k, (sums.get(k) ?? 0) + us)
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, limit)
}

function print(title: string, rows: [string, number][]): void {
  const perRequest = requests > 0 ? `, busy ${(busy / requests).toFixed(2)} us/request over ${requests} requests` : ''
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms${perRequest})`)
  for (const [k, us] of rows) {
    const per = requests > 0 ? `${(us / requests).toFixed(3).padStart(7)} us  ` : ''
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${per}${k}`)
  }
}

print('self time by function', tally((n) => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`))
print('self time by file', tally((n) => shortUrl(n.callFrame.url) || `(${n.callFrame.functionName})`))

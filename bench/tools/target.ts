/**
 * Starts a bench target and keeps it up until Ctrl-C, for trying the runner by hand:
 *   node --import tsx bench/tools/target.ts fast [connections]   # nginx (or raw node:http)
 *   node --import tsx bench/tools/target.ts delayed [ms]
 * Prints {"url": ...} on its first line.
 */
import { startFastTarget, startNodeTarget, type Target } from '../lib/fast-target.ts'

const [kind = 'fast', arg] = process.argv.slice(2)
const target: Target = kind === 'delayed'
  ? await startNodeTarget('delayed.ts', [arg ?? '20'], `delayed ${arg ?? 20} ms`)
  : await startFastTarget(Number(arg ?? 1024))
console.log(JSON.stringify({ url: target.url, name: target.name, pid: target.pid }))
const stop = () => void target.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

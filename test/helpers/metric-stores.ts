/**
 * Real metric stores for the output tests: Debian's `prometheus` with its remote-write receiver
 * and `influxd` (InfluxDB 1.x), each on free 127.0.0.1 ports with its own temp config and data,
 * started by the test and waited for by their "ready" log line, stopped by pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { freePort } from '../../bench/lib/ports.ts'
import { tempDir } from './temp-dir.ts'

export interface MetricStore {
  /** The HTTP API's base, `http://127.0.0.1:PORT`. */
  url: string
  stop(): Promise<void>
}

const PROMETHEUS = '/usr/bin/prometheus'
const INFLUXD = '/usr/bin/influxd'

/** Why these tests cannot run here, if they cannot (the Debian packages are missing). */
export function prometheusMissing(): string | undefined {
  return runs(PROMETHEUS, ['--version']) ? undefined : `${PROMETHEUS} is not installed (Debian package prometheus)`
}

export function influxdMissing(): string | undefined {
  return runs(INFLUXD, ['version']) ? undefined : `${INFLUXD} is not installed (Debian package influxdb)`
}

export async function startPrometheus(): Promise<MetricStore> {
  const dir = tempDir('edgeload-prometheus-')
  const port = await freePort()
  writeFileSync(dir.file('prometheus.yml'), 'global:\n  scrape_interval: 1m\n')
  return started(PROMETHEUS, [
    `--config.file=${dir.file('prometheus.yml')}`, `--storage.tsdb.path=${dir.file('data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver',
  ], /Server is ready to receive web requests/, `http://127.0.0.1:${port}`, dir.remove)
}

export async function startInfluxd(): Promise<MetricStore> {
  const dir = tempDir('edgeload-influxdb-')
  const [httpPort, rpcPort] = [await freePort(), await freePort()]
  writeFileSync(dir.file('influxdb.conf'), [
    'reporting-disabled = true', `bind-address = "127.0.0.1:${rpcPort}"`,
    '[meta]', `  dir = "${dir.file('meta')}"`,
    '[data]', `  dir = "${dir.file('data')}"`, `  wal-dir = "${dir.file('wal')}"`, '  query-log-enabled = false',
    '[http]', `  bind-address = "127.0.0.1:${httpPort}"`, '  log-enabled = false',
    '[monitor]', '  store-enabled = false',
    '[subscriber]', '  enabled = false',
    '',
  ].join('\n'))
  return started(INFLUXD, ['run', '-config', dir.file('influxdb.conf')], /Listening on HTTP/, `http://127.0.0.1:${httpPort}`, dir.remove)
}

async function started(command: string, args: string[], ready: RegExp, url: string, cleanup: () => void): Promise<MetricStore> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async () => {
    await stopChild(child)
    cleanup()
  }
  let output = ''
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (ready.test(output)) resolve()
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output.slice(-2000)}`)))
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { url, stop }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  await exited
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 }).status === 0
}

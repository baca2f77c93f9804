/** The raw node:http baseline (raw-handler.ts) as a server on the database file in argv[2] or BENCH_DATABASE_URL (open-store.ts). */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openBenchStore } from './open-store.ts'
import { rawHandler } from './raw-handler.ts'
import { announce, onStop } from './announce.ts'

const store = await openBenchStore(process.argv[2])
const server = createServer(rawHandler(store))
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port))
onStop(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await store.close()
})

import Database from 'better-sqlite3'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { openBetterSqliteStore } from '../src/store/better-sqlite3.ts'
import { storeConformance } from './helpers/store-conformance.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('store-better-sqlite3', { deadline: 120 })

const dir = tempDir('edgeload-bsql-')
let n = 0

storeConformance('better-sqlite3 (temp file)', {
  fresh: () => openBetterSqliteStore(dir.file(`fresh-${n++}.db`)),
  reopenable: () => () => openBetterSqliteStore(dir.file('reopen.db')),
})

test('better-sqlite3 files are in WAL mode and keep the schema', async () => {
  const file = dir.file('wal.db')
  const store = openBetterSqliteStore(file)
  await store.record(1, 1, 1, 1)
  await store.close()
  const db = new Database(file, { readonly: true })
  try {
    assert.is(db.pragma('journal_mode', { simple: true }), 'wal')
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    assert.equal(tables, ['daily', 'hourly'])
  } finally {
    db.close()
  }
})

test(':memory: is allowed', async () => {
  const store = openBetterSqliteStore(':memory:')
  await store.record(5, 1, 1, 9)
  assert.is(await store.current(5), 9)
  await store.close()
})

test.after(() => dir.remove())
test.run()

import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { SCHEMA } from '../src/store/sqlite-sql.ts'
import { normalizeSql, readMigrationStatements } from '../src/local-runtimes/d1-migrations.ts'

const test = suite('d1-migrations', { deadline: 120 })

test('D1 migrations create exactly the schema every SQLite driver uses', () => {
  const migrated = readMigrationStatements().map(normalizeSql)
  assert.equal(migrated, SCHEMA.map(normalizeSql))
})

test.run()

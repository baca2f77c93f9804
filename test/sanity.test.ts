import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spreadRange } from '../src/store/sqlite-sql.ts'
test('spreadRange fills missing days with zero', () => {
  assert.equal(spreadRange([{ day: 3, total: 5 }], 2, 3), [0, 5, 0])
})
test.run()

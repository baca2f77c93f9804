// The two ways a user's text enters a report page (html/escape.ts): as HTML text, and inside the
// embedded JSON. Neither may end an element, open a comment or add markup.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { assertInlineScript, embedJson, escapeHtml } from '../src/report/html/escape.ts'

const test = suite('html-escape', { deadline: 120 })

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '<!-- x', '" onmouseover="alert(1)', "' autofocus onfocus='x", 'a & b', 'line\u2028sep\u2029para']

test('escapeHtml leaves no markup character', () => {
  for (const text of HOSTILE) assert.not.match(escapeHtml(text), /[<>"']|&(?!(amp|lt|gt|quot|#39);)/, text)
  assert.is(escapeHtml('<b>&"\''), '&lt;b&gt;&amp;&quot;&#39;')
  assert.is(escapeHtml(42), '42')
})

test('embedJson reads back as the same value and cannot end its script element', () => {
  const value = { names: HOSTILE, nested: { n: 1.5, none: null } }
  const embedded = embedJson(value)
  assert.equal(JSON.parse(embedded), value)
  assert.not.match(embedded, /<|>|&/)
  assert.not.ok(embedded.includes('\u2028') || embedded.includes('\u2029'), 'line separators are escaped')
})

test('assertInlineScript refuses a script holding its own end tag or a comment opener', () => {
  assert.is(assertInlineScript('var a = 1 < 2', 'x'), 'var a = 1 < 2')
  assert.throws(() => assertInlineScript('s = "</SCRIPT>"', 'the thing'), /the thing cannot be inlined/)
  assert.throws(() => assertInlineScript('s = "<!--"', 'x'), /cannot be inlined/)
})

test.run()

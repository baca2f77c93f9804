// The files a report page inlines: uPlot (script and stylesheet) and our browser scripts in
// client/. Read once per process; a report is one file that opens offline, so nothing is linked.
//
// Why uPlot: about 50 KB minified with no dependencies, so inlining it keeps a report small; it
// draws on a canvas and stays fast with tens of thousands of points (a long run's seconds, a
// distribution's percentile steps), where SVG charting libraries slow down or weigh several
// times more. It only draws x/y series, which is all a load report needs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { formatCount, formatMs } from '../format.ts'
import { assertInlineScript } from './escape.ts'

const require = createRequire(import.meta.url)
const cache = new Map<string, string>()

function read(path: string): string {
  let text = cache.get(path)
  if (text === undefined) {
    text = readFileSync(path, 'utf8')
    cache.set(path, text)
  }
  return text
}

export function uplotScript(): string {
  return assertInlineScript(read(require.resolve('uplot/dist/uPlot.iife.min.js')), 'uPlot')
}

export function uplotStyle(): string {
  return read(require.resolve('uplot/dist/uPlot.min.css'))
}

/**
 * The number formats of the printed report (format.ts), given to the browser scripts as they are
 * (their compiled source), so a chart's legend and the tables show a value the same way.
 */
const SHARED_FUNCTIONS = [formatMs, formatCount]

/** Browser scripts from client/, in order, joined into one strict-mode function scope. */
export function clientScript(names: string[]): string {
  const parts = names.map((name) => read(fileURLToPath(new URL(`./client/${name}`, import.meta.url))))
  const shared = SHARED_FUNCTIONS.map((fn) => fn.toString())
  return assertInlineScript(`(function () {\n'use strict';\n${[...shared, ...parts].join('\n')}\n})();`, 'the report script')
}

// The frame every report page shares: one HTML file with its styles, uPlot, the data and the
// browser script inlined. A Content-Security-Policy allows exactly those scripts (by hash) and no
// network at all (the live dashboard: its own event stream only), so the page works offline and
// a name that slipped through escaping could not run or fetch anything.
import { createHash } from 'node:crypto'
import { clientScript, uplotScript, uplotStyle } from './assets.ts'
import { embedJson, escapeHtml } from './escape.ts'
import { PAGE_STYLE } from './page-style.ts'

export interface PageParts {
  title: string
  /** HTML, already escaped by the section builders. */
  body: string
  /** What the browser script reads: embedded as JSON in #edgeload-data. */
  data: unknown
  /** Files of client/ to run, in order (common.js first). */
  scripts: string[]
  /** The page may open connections to where it came from (the live dashboard's event stream); a report file may not. */
  connectSelf?: boolean
}

export function htmlPage(parts: PageParts): string {
  const scripts = [uplotScript(), clientScript(parts.scripts)]
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    ...(parts.connectSelf ? ["connect-src 'self'"] : []),
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="generator" content="edgeload">
<title>${escapeHtml(parts.title)}</title>
<style>${uplotStyle()}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="edgeload-data">${embedJson(parts.data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`
}

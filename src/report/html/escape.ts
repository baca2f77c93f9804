// Everything the report shows that came from a user (scenario, endpoint and phase names, tags,
// check names, targets) goes through escapeHtml; data goes into the page only through embedJson.
// Two ways in, both escaped, so a name like `<img src=x onerror=alert(1)>` stays text.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/**
 * JSON for a `<script type="application/json">` element. `<`, `>` and `&` become \u escapes so
 * no `</script>` or `<!--` can end or change the element; U+2028 and U+2029 are escaped too, as
 * they end a line in older JavaScript parsers. JSON.parse reads the escapes back as the same text.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Script text inlined in a `<script>` element must not contain its end tag. */
export function assertInlineScript(source: string, what: string): string {
  if (/<\/script/i.test(source) || /<!--/.test(source)) throw new Error(`${what} cannot be inlined: it contains </script or <!--`)
  return source
}

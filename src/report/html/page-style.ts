// The report's stylesheet: a laptop screen first (one column up to 1200 px, charts as wide as the
// column), and a print layout for A4 (each section on its own page, charts resized to the page by
// the script, tables in a smaller type that fits the width).
export const PAGE_STYLE = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #d9dee6; --soft: #f4f6f9; --ok: #1a7f37; --bad: #c62828; --warn: #a15c00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 48px; }
header.report h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
header.report .meta { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
header.report .meta span + span::before { content: " · "; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; margin-top: 8px; }
.verdict.ok { background: #e6f4ea; color: var(--ok); }
.verdict.bad { background: #fdecea; color: var(--bad); }
.verdict.warn { background: #fff4e0; color: var(--warn); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 16px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--soft); }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
section { margin-top: 28px; }
section > h2 { font-size: 17px; margin: 0 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
section > p.note, .chart-note { color: var(--muted); font-size: 12.5px; margin: 4px 0 8px; }
.chart { width: 100%; margin: 8px 0 4px; min-height: 120px; }
.chart h3, .table-block h3 { font-size: 14px; margin: 12px 0 2px; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 24px; }
.table-wrap { width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; margin: 6px 0 10px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); background: var(--soft); }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.name { white-space: normal; overflow-wrap: anywhere; max-width: 360px; }
td.label { white-space: normal; overflow-wrap: normal; min-width: 6em; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.ok { color: var(--ok); font-weight: 600; }
td.bad { color: var(--bad); font-weight: 600; }
td.same { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.split { display: flex; height: 14px; border-radius: 3px; overflow: hidden; margin: 4px 0; max-width: 520px; }
.split .server { background: #3b7dd8; }
.split .network { background: #f2a93b; }
.legend-key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: baseline; }
.legend-key.server { background: #3b7dd8; }
.legend-key.network { background: #f2a93b; }
.uplot { font-family: inherit; }
.u-legend { font-size: 12px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
ul.fail-on, ul.headline { list-style: none; padding: 0; margin: 8px 0 0; }
ul.headline li { margin: 4px 0; font-size: 15px; overflow-wrap: anywhere; }
ul.headline .ok { color: var(--ok); font-weight: 600; }
ul.headline .bad { color: var(--bad); font-weight: 600; }
ul.fail-on li { margin: 4px 0; overflow-wrap: anywhere; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section { break-before: page; margin-top: 0; }
  section.first { break-before: auto; margin-top: 16px; }
  .chart, .card, tr, .table-block h3, .chart h3 { break-inside: avoid; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  .grid-2 { display: block; }
  .table-wrap { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { padding: 2px 4px; white-space: normal; }
  td.name { max-width: none; }
  .chart canvas { max-width: 100%; }
  .u-legend { font-size: 8pt; }
  tbody tr:nth-child(even) td { background: none; }
}
`

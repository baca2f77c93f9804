/**
 * Reads Markdown the way test/docs.test.ts needs it: the fenced blocks, the inline code, the
 * links, the heading anchors, and the commands a reader would copy (`npm run X`, `node runner
 * --flag`). Plain functions over text, so the test can also run them on bad samples and prove
 * the checks can fail.
 */

export interface FencedBlock {
  lang: string
  body: string
  /** 1-based line of the opening fence. */
  line: number
}

export interface MarkdownParts {
  /** The text with fenced blocks blanked (line numbers kept). */
  prose: string
  blocks: FencedBlock[]
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/

export function splitFences(text: string): MarkdownParts {
  const lines = text.split('\n')
  const blocks: FencedBlock[] = []
  const prose: string[] = []
  let open: { marker: string; lang: string; line: number; body: string[] } | undefined
  lines.forEach((line, i) => {
    const fence = FENCE.exec(line)
    if (!open && fence) {
      open = { marker: fence[1]!, lang: fence[2]!.toLowerCase(), line: i + 1, body: [] }
      prose.push('')
    } else if (open && fence && line.trim().startsWith(open.marker) && line.trim().replace(/[`~]/g, '') === '') {
      blocks.push({ lang: open.lang, body: open.body.join('\n'), line: open.line })
      open = undefined
      prose.push('')
    } else if (open) {
      open.body.push(line)
      prose.push('')
    } else {
      prose.push(line)
    }
  })
  return { prose: prose.join('\n'), blocks }
}

const INLINE_CODE = /(`+)([\s\S]*?[^`])\1(?!`)/g

/** Inline code spans of prose (fenced blocks already removed), trimmed. */
export function inlineCode(prose: string): string[] {
  return [...prose.matchAll(INLINE_CODE)].map((m) => m[2]!.trim())
}

/** Prose with inline code blanked, so a link's text in backticks or a `[x](y)` in code is not misread. */
function withoutInlineCode(prose: string): string {
  return prose.replace(INLINE_CODE, (m) => ' '.repeat(m.length))
}

/** Link and image targets, e.g. `cli.md#exit-codes`, `https://...`, `#metrics`. */
export function linkTargets(prose: string): string[] {
  const text = withoutInlineCode(prose)
  return [...text.matchAll(/!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!)
}

/** GitHub's anchors for the headings of a page (duplicates numbered -1, -2, as GitHub does). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of splitFences(text).prose.split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const base = slug(heading[1]!)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** A heading's anchor: rendered text (code and link text kept), lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const rendered = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '').replace(/<[^>]+>/g, '')
  return rendered.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
}

/** Every `npm run X` (and `npm start` / `npm test`) in the text, code or prose. */
export function npmScripts(text: string): string[] {
  const named = [...text.matchAll(/\bnpm run ([A-Za-z0-9][\w:.-]*)/g)].map((m) => m[1]!.replace(/[.:]+$/, ''))
  const short = [...text.matchAll(/\bnpm (start|test)\b/g)].map((m) => m[1]!)
  return [...named, ...short]
}

export interface RunnerCommand {
  /** The command as written, for messages. */
  text: string
  /** The first word after the program when it is not an option (a subcommand, or a positional). */
  word?: string
  /** Options as written, without values: `--scenario`, `--no-progress`. */
  options: string[]
}

/**
 * `node runner ...` and `edgeload ...` commands in the fenced blocks and inline code of a page.
 * A command ends at a shell comment, `&&`, `||`, `|` or `;`. Output lines that start with the
 * program's name (`edgeload: bad command line`) carry no options, so they add nothing.
 */
export function runnerCommands(text: string): RunnerCommand[] {
  const { prose, blocks } = splitFences(text)
  const codeLines = [...blocks.flatMap((b) => b.body.split('\n')), ...inlineCode(prose)]
  const commands: RunnerCommand[] = []
  for (const line of codeLines) {
    for (const m of line.matchAll(/(?:^|[\s$(;&|])(node runner|edgeload)(?=\s|$)([^\n]*)/g)) {
      const rest = m[2]!.split(/\s#|\s(?:&&|\|\||\||;)\s/)[0]!
      const tokens = rest.trim().split(/\s+/).filter(Boolean)
      const options = tokens.filter((t) => /^--[A-Za-z]/.test(t)).map((t) => t.split('=')[0]!)
      const word = tokens[0] && !tokens[0].startsWith('-') ? tokens[0] : undefined
      commands.push({ text: `${m[1]}${rest}`.trim(), word, options })
    }
  }
  return commands
}

/** Flags a cac option's raw name declares: `-h, --help` gives `--help`; `--out <file>` gives `--out`. */
export function flagsOf(rawName: string): string[] {
  return [...rawName.matchAll(/(?:^|[\s,])(--[A-Za-z][\w-]*)/g)].map((m) => m[1]!)
}

/** The rows of the first table under a heading: cells of each body row. */
export function tableUnder(text: string, heading: string): string[][] {
  const lines = splitFences(text).prose.split('\n')
  const start = lines.findIndex((l) => new RegExp(`^#{1,6}\\s+${escapeRegExp(heading)}\\s*$`).test(l))
  if (start < 0) return []
  const rows: string[][] = []
  let inTable = false
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) break
    if (!line.trim().startsWith('|')) {
      if (inTable) break
      continue
    }
    inTable = true
    const cells = line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim())
    if (cells.every((c) => /^:?-{3,}:?$/.test(c))) continue
    rows.push(cells)
  }
  return rows.slice(1)
}

/** Repository paths named in inline code (`src/load/run.ts`, `test/helpers/`); globs and placeholders left out. */
export function repoPaths(prose: string): string[] {
  // The text of a link to another site names that site's files (hyper's `src/proto/...`), not ours.
  const ours = prose.replace(/\[([^\]\n]*)\]\(\s*[a-z][a-z0-9+.-]*:[^)]*\)/gi, (m) => ' '.repeat(m.length))
  return inlineCode(ours).filter((code) => /^(?:handler|src|runner|scenarios|bench|test|migrations|docs|\.ci)\/[\w./-]*$/.test(code))
}

/** Fenced TypeScript or JavaScript blocks that are whole scenario files (they have `export default`). */
export function scenarioBlocks(text: string): FencedBlock[] {
  return splitFences(text).blocks.filter((b) => /^(ts|typescript|mts|js|javascript|mjs)$/.test(b.lang) && /^\s*export default\b/m.test(b.body))
}

/** True when `path` (relative to the repository, `/`-separated) matches a .gitignore line: generated, not committed. */
export function gitIgnored(path: string, gitignore: string): boolean {
  let ignored = false
  for (const raw of gitignore.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const negated = line.startsWith('!')
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '')
    const dirOnly = pattern.endsWith('/')
    const body = escapeRegExp(pattern.replace(/\/$/, '')).replace(/\\\*/g, '[^/]*')
    const anchored = pattern.replace(/\/$/, '').includes('/')
    const re = new RegExp(`${anchored ? '^' : '(^|/)'}${body}${dirOnly ? '/' : '(/|$)'}`)
    if (re.test(dirOnly ? path + (path.endsWith('/') ? '' : '/') : path)) ignored = !negated
  }
  return ignored
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

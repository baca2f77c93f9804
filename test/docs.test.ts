/**
 * The documentation stays true: what README.md, ARCHITECTURE.md and docs/*.md tell a reader to
 * type must exist, and the scenario files they show must load. The sources of truth are the
 * program itself (runner/cli.ts's cac program), package.json's scripts, runner/exit-codes.ts,
 * the files in the repository and the runner's own scenario loader.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { buildProgram } from '../runner/cli.ts'
import { EXIT } from '../runner/exit-codes.ts'
import { loadScenario } from '../src/load/scenario-load.ts'
import { OUTPUTS } from '../src/outputs/output-table.ts'
import {
  flagsOf, gitIgnored, headingAnchors, inlineCode, linkTargets, npmScripts, repoPaths, runnerCommands, scenarioBlocks,
  slug, splitFences, tableUnder,
} from './helpers/docs-extract.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('docs', { deadline: 300 })

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DOCS = join(ROOT, 'docs')
const PAGES = ['README.md', 'ARCHITECTURE.md', ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8')
const SCRIPTS = new Set(Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts))
const GITIGNORE = read('.gitignore')

/** The program's own option list: global options, and each subcommand's. */
function programOptions(): { global: Set<string>; byCommand: Map<string, Set<string>>; all: Set<string> } {
  const cli = buildProgram()
  const global = new Set(cli.globalCommand.options.flatMap((o) => flagsOf(o.rawName)))
  const byCommand = new Map<string, Set<string>>()
  for (const command of cli.commands) {
    const flags = new Set([...global, ...command.options.flatMap((o) => flagsOf(o.rawName))])
    byCommand.set(command.name, flags)
    for (const alias of command.aliasNames) byCommand.set(alias, flags)
  }
  const all = new Set([...byCommand.values()].flatMap((s) => [...s]).concat([...global]))
  return { global, byCommand, all }
}

/** Flags a `node runner WORD ...` command may use: the subcommand's when WORD is one, else the default command's. */
function allowedFlags(word: string | undefined, program: ReturnType<typeof programOptions>): Set<string> {
  if (word !== undefined && program.byCommand.has(word) && word !== '') return program.byCommand.get(word)!
  return program.byCommand.get('') ?? program.global
}

/** A wrong option shown on purpose is followed by the program's answer, `unknown option --x`. */
function unknownRunnerOptions(page: string, text: string, program: ReturnType<typeof programOptions>): string[] {
  return runnerCommands(text).flatMap((command) => {
    const allowed = allowedFlags(command.word, program)
    return command.options.filter((o) => !allowed.has(o) && !text.includes(`unknown option ${o}`)).map((o) => `${page}: ${o} in \`${command.text}\` is not an option of the program`)
  })
}

function missingScripts(page: string, text: string): string[] {
  return npmScripts(text).filter((s) => !SCRIPTS.has(s)).map((s) => `${page}: npm run ${s} is not a script in package.json`)
}

/** Relative links of a page that point at nothing: a missing file or a missing #anchor. */
function brokenLinks(page: string, text: string, readPage: (path: string) => string | undefined): string[] {
  const problems: string[] = []
  for (const target of linkTargets(splitFences(text).prose)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:
    const [pathPart, anchor] = target.split('#') as [string, string | undefined]
    const file = pathPart === '' ? page : join(dirname(page), decodeURIComponent(pathPart))
    const content = readPage(file)
    if (content === undefined) {
      problems.push(`${page}: link ${target}: ${file} does not exist`)
      continue
    }
    if (anchor !== undefined && file.endsWith('.md') && !headingAnchors(content).has(anchor)) {
      problems.push(`${page}: link ${target}: no heading with anchor #${anchor} in ${file}`)
    }
  }
  return problems
}

function readRepoFile(path: string): string | undefined {
  const full = resolve(ROOT, path)
  if (!existsSync(full)) return undefined
  return full.endsWith('.md') ? readFileSync(full, 'utf8') : ''
}

function missingPaths(page: string, text: string): string[] {
  return repoPaths(splitFences(text).prose)
    .filter((p) => !existsSync(join(ROOT, p)) && !gitIgnored(p, GITIGNORE))
    .map((p) => `${page}: \`${p}\` does not exist in the repository`)
}

/**
 * Writes each full scenario shown in a page to a temp folder and loads it as the runner would.
 * Its `../src/...` imports (written as from scenarios/) are pointed at this repository's src/.
 */
async function unloadableScenarios(page: string, text: string): Promise<string[]> {
  const problems: string[] = []
  const blocks = scenarioBlocks(text)
  if (blocks.length === 0) return problems
  const dir = tempDir('edgeload-docs-scenario-')
  const src = pathToFileURL(join(ROOT, 'src')).href + '/'
  try {
    for (const block of blocks) {
      const ext = /^(js|javascript|mjs)$/.test(block.lang) ? 'mjs' : 'mts'
      const file = dir.file(`${page.replace(/[^\w]/g, '-')}-line-${block.line}.${ext}`)
      writeFileSync(file, block.body.replace(/(['"])\.\.\/src\//g, `$1${src}`))
      try {
        await loadScenario(file, {}, ROOT)
      } catch (error) {
        const e = error as Error & { problems?: string[] }
        problems.push(`${page}, the scenario at line ${block.line}: ${e.message}${e.problems ? ' ' + e.problems.join('; ') : ''}`)
      }
    }
  } finally {
    dir.remove()
  }
  return problems
}

// ---- the extractor can see what goes stale (these samples must be caught) ----

const BAD_PAGE = [
  '# Bad page',
  '',
  'Run `node runner --scenario peak.ts --bogus-flag 3` or `npm run no-such-script`.',
  '',
  '```sh',
  'node runner --scenario peak.ts --threads 4 --also-bogus   # a comment --not-an-option',
  'edgeload: bad command line',
  '```',
  '',
  'See [nowhere](missing-page.md), [a bad anchor](#no-such-heading), [fine](#bad-page) and `src/no/such-file.ts`.',
  '',
  '```ts',
  "export default { threads: 2, phases: [{ name: 'A', rate: -5, duration: '1s' }], async iteration() {} }",
  '```',
].join('\n')

test('the extractor finds each kind of stale reference in a bad sample', async () => {
  const program = programOptions()
  const flagged = unknownRunnerOptions('bad.md', BAD_PAGE, program).map((p) => /(--[\w-]+) in/.exec(p)![1]).sort()
  assert.equal(flagged, ['--also-bogus', '--bogus-flag'])
  assert.equal(missingScripts('bad.md', BAD_PAGE), ['bad.md: npm run no-such-script is not a script in package.json'])
  const links = brokenLinks('docs/bad.md', BAD_PAGE, (p) => (p === 'docs/bad.md' ? BAD_PAGE : readRepoFile(p)))
  assert.is(links.length, 2, links.join('\n'))
  assert.match(links[0]!, 'docs/missing-page.md does not exist')
  assert.match(links[1]!, '#no-such-heading')
  assert.equal(missingPaths('bad.md', BAD_PAGE), ['bad.md: `src/no/such-file.ts` does not exist in the repository'])
  const scenarios = await unloadableScenarios('bad.md', BAD_PAGE)
  assert.is(scenarios.length, 1)
  assert.match(scenarios[0]!, /line 12: Scenario .* is not valid/)
})

test('anchors, tables and .gitignore are read as GitHub and git read them', () => {
  assert.is(slug('`http`: requests'), 'http-requests')
  assert.is(slug('--workers'), '--workers')
  assert.is(slug('A local PostgreSQL: `npm run db:start`'), 'a-local-postgresql-npm-run-dbstart')
  assert.equal([...headingAnchors('# A\n## Notes\n```\n# not a heading\n```\n### Notes')], ['a', 'notes', 'notes-1'])
  assert.equal(tableUnder('## T\n\n| a | b |\n| --- | --- |\n| `x\\|y` | 2 |\n\nafter\n| z |', 'T'), [['`x\\|y`', '2']])
  assert.ok(gitIgnored('bench/results/latest.json', GITIGNORE))
  assert.ok(gitIgnored('data/postgres/', GITIGNORE))
  assert.not.ok(gitIgnored('bench/results/.gitkeep', GITIGNORE))
  assert.not.ok(gitIgnored('src/load/run.ts', GITIGNORE))
  assert.equal(inlineCode('a `b` c ``d`e`` f'), ['b', 'd`e'])
})

// ---- the real pages ----

test('the pages exist: README.md, ARCHITECTURE.md and the docs the README maps', () => {
  for (const page of ['docs/cli.md', 'docs/json-summary.md', 'docs/scenarios.md', 'docs/report.md', 'docs/api.md']) {
    assert.ok(PAGES.includes(page), `${page} is missing`)
  }
  const readmeLinks = new Set(linkTargets(splitFences(read('README.md')).prose).map((t) => t.split('#')[0]))
  const unlinked = PAGES.filter((p) => p.startsWith('docs/') && !readmeLinks.has(p))
  assert.equal(unlinked, [], `docs pages the README's map does not link: ${unlinked.join(', ')}`)
})

test('every npm run X named in the docs is a package.json script', () => {
  assert.equal(PAGES.flatMap((page) => missingScripts(page, read(page))), [])
})

test('every option of a node runner / edgeload command in the docs is one the program has', () => {
  const program = programOptions()
  assert.ok(program.all.has('--scenario') && program.all.has('--no-progress'), 'the program\'s options were read')
  assert.equal(PAGES.flatMap((page) => unknownRunnerOptions(page, read(page), program)), [])
})

test('every stream of the outputs table has its section in docs/outputs.md and is named in docs/cli.md', () => {
  const headings = read('docs/outputs.md').split('\n').filter((line) => line.startsWith('## '))
  const cli = read('docs/cli.md')
  const streams = OUTPUTS.flatMap((row) => (row.kind === 'stream' ? [row.name] : []))
  assert.ok(streams.length >= 3, 'the table\'s streams were read')
  const undocumented = streams.filter((name) => !headings.some((h) => h.includes(`\`--out ${name}=`)) || !cli.includes(`\`--out ${name}=`))
  assert.equal(undocumented, [], `streams without their docs/outputs.md section or docs/cli.md mention: ${undocumented.join(', ')}`)
})

test('docs/cli.md documents every option and subcommand of the program, and names no other', () => {
  const cli = read('docs/cli.md')
  const program = programOptions()
  const spans = inlineCode(splitFences(cli).prose)
  const documented = new Set(spans.flatMap((s) => flagsOf(s)))
  const missing = [...program.all].filter((flag) => !documented.has(flag))
  assert.equal(missing, [], `options of the program missing from docs/cli.md: ${missing.join(', ')}`)
  const stray = spans.filter((s) => /^--[A-Za-z]/.test(s)).flatMap((s) => flagsOf(s)).filter((flag) => !program.all.has(flag))
  assert.equal(stray, [], `docs/cli.md names options the program does not have: ${stray.join(', ')}`)
  const subcommands = buildProgram().commands.map((c) => c.name).filter((n) => n !== '')
  const undocumented = subcommands.filter((name) => !spans.some((s) => new RegExp(`^(node runner|edgeload) ${name}\\b|^${name}\\b`).test(s)))
  assert.equal(undocumented, [], `subcommands missing from docs/cli.md: ${undocumented.join(', ')}`)
})

test('docs/cli.md\'s exit codes are runner/exit-codes.ts\'s', () => {
  const codes = tableUnder(read('docs/cli.md'), 'Exit codes').map((row) => Number(row[0]))
  assert.equal(codes.sort((a, b) => a - b), Object.values(EXIT).sort((a, b) => a - b))
})

test('every relative link and #anchor in the docs resolves', () => {
  assert.equal(PAGES.flatMap((page) => brokenLinks(page, read(page), readRepoFile)), [])
})

test('every repository path named in the docs exists', () => {
  assert.equal(PAGES.flatMap((page) => missingPaths(page, read(page))), [])
})

test('every scenario file shown in full under docs/ loads and validates', async () => {
  const pages = PAGES.filter((p) => p.startsWith('docs/') || p === 'README.md')
  const shown = pages.flatMap((page) => scenarioBlocks(read(page)).map(() => page))
  assert.ok(shown.includes('docs/scenarios.md'), 'docs/scenarios.md shows full scenario files')
  const problems: string[] = []
  for (const page of pages) problems.push(...(await unloadableScenarios(page, read(page))))
  assert.equal(problems, [])
  console.log(`  ${shown.length} scenario files shown in the docs load (${[...new Set(shown)].map((p) => relative(ROOT, join(ROOT, p))).join(', ')})`)
})

test.run()

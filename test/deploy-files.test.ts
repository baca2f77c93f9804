import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { BUNDLES } from '../src/build/bundles.ts'
import { findNode22 } from '../src/local-runtimes/node22.ts'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerScript } from '../src/local-runtimes/workerd.ts'
import { checkSamTemplate, readTemplate } from './helpers/sam-template.ts'
import { ROOT } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

// The deploy files as the real tools would read them, offline (docs/deploy-workers.md,
// docs/deploy-lambda.md): wrangler's own dry run must build the Worker from wrangler.toml, and
// template.yaml must keep the documented SAM and CloudFormation rules (test/helpers/sam-template.ts).
const test = suite('deploy files', { deadline: 300 })
const run = promisify(execFile)
const node = findNode22()
const nodeMissing = 'unavailable' in node ? node.unavailable : undefined
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js')

/** `wrangler deploy --dry-run` under Node 22 (current wrangler's engine), with no account and no telemetry. */
function wranglerDryRun(cwd: string, outdir: string): Promise<{ code: number; output: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: join(outdir, '..'), WRANGLER_SEND_METRICS: 'false', CI: 'true' }
  return run((node as { path: string }).path, [WRANGLER, 'deploy', '--dry-run', '--outdir', outdir], { cwd, env, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  )
}

test.needs(nodeMissing, 'wrangler deploy --dry-run builds the Worker from wrangler.toml, with its D1 binding', async () => {
  const dir = tempDir('edgeload-wrangler-')
  try {
    const { code, output } = await wranglerDryRun(ROOT, dir.file('out'))
    assert.is(code, 0, output)
    assert.match(output, /env\.DB \(edgeload-steps\)\s+D1 Database/)
    assert.match(output, /--dry-run: exiting now\./)
    assert.ok(existsSync(dir.file('out/worker.js')), output)
  } finally {
    dir.remove()
  }
})

test.needs(nodeMissing ?? unavailable('workerd'), 'the Worker wrangler built serves the API on workerd with a migrated D1', async () => {
  const dir = tempDir('edgeload-wrangler-run-')
  try {
    const { code, output } = await wranglerDryRun(ROOT, dir.file('out'))
    assert.is(code, 0, output)
    const server = await startWorkerScript({ scriptPath: dir.file('out/worker.js') }, { dataDir: dir.path })
    try {
      assert.is((await fetch(`${server.url}/12/1/7/3000`, { method: 'POST' })).status, 200)
      assert.is(await (await fetch(`${server.url}/current/12`)).text(), '3000')
      assert.is(((await (await fetch(`${server.url}/health`)).json()) as { runtime: string }).runtime, 'workerd')
    } finally {
      await server.close()
    }
  } finally {
    dir.remove()
  }
})

test.needs(nodeMissing, 'the dry run fails when wrangler.toml names an entry that does not exist', async () => {
  const dir = tempDir('edgeload-wrangler-bad-')
  try {
    writeFileSync(dir.file('wrangler.toml'), readFileSync(join(ROOT, 'wrangler.toml'), 'utf8').replace(/^main = .*$/m, 'main = "handler/missing.ts"'))
    const { code, output } = await wranglerDryRun(dir.path, dir.file('out'))
    assert.is.not(code, 0, output)
    assert.match(output, /missing\.ts/)
  } finally {
    dir.remove()
  }
})

test('template.yaml keeps the documented SAM and CloudFormation rules', () => {
  assert.equal(checkSamTemplate(readTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8'))), [])
})

test('template.yaml deploys what build:lambda builds: CodeUri holds the bundle, Handler names its file and export', () => {
  const fn = readTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8')).Resources.StepsFunction.Properties
  const [file, exported] = String(fn.Handler).split('.')
  assert.is(join(ROOT, fn.CodeUri, `${file}.mjs`), BUNDLES.lambda.outfile)
  assert.is(exported, 'handler')
  assert.is(fn.Runtime, 'nodejs22.x')
  assert.equal(fn.Events.Api, { Type: 'HttpApi', Properties: { Path: '/{proxy+}', Method: 'ANY' } })
})

test('the check finds what a real validator would: an unknown property, a bad runtime, a dangling reference, a reserved variable', () => {
  const template = readTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8'))
  const fn = template.Resources.StepsFunction.Properties
  fn.Runtime = 'nodejs99.x'
  fn.Memory = 512
  fn.Environment.Variables.AWS_REGION = 'eu-west-1'
  fn.Environment.Variables.DB_POOL_MAX = 1
  fn.Events.Api.Properties.Verb = 'GET'
  template.Outputs.ApiUrl.Value = { 'Fn::Sub': 'https://${MissingApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' }
  template.Parameters.DatabaseUrl.Type = 'Text'
  assert.equal(checkSamTemplate(template), [
    'parameter DatabaseUrl: Type "Text" is not a parameter type',
    'StepsFunction: Memory is not a property of AWS::Serverless::Function',
    'StepsFunction: Runtime "nodejs99.x" is not a Node.js runtime Lambda accepts (nodejs18.x, nodejs20.x, nodejs22.x, nodejs24.x)',
    'StepsFunction: variable DB_POOL_MAX must be a string (quote numbers), got 1',
    'StepsFunction: AWS_REGION is reserved by Lambda',
    'StepsFunction: event Api: Verb is not a property of an HttpApi event',
    'reference to MissingApi, which is no parameter, resource, pseudo parameter or SAM-generated resource',
  ])
})

test.run()

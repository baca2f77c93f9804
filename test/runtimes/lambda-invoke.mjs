// Loads a Lambda bundle the way the nodejs22.x runtime does (an ES module from
// its own folder, `handler` export) and invokes it with each event in a file,
// in order, in this one fresh process. Usage: node lambda-invoke.mjs BUNDLE EVENTS.json
// Imports nothing from the project, so a bundle that is not self-contained fails.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const MARKER = 'LAMBDA-RESULTS '
const [bundlePath, eventsPath] = process.argv.slice(2)
const events = JSON.parse(readFileSync(eventsPath, 'utf8'))
const { handler } = await import(pathToFileURL(bundlePath).href)

const started = Date.now()
const context = (i) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'edgeload-handler',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:edgeload-handler',
  memoryLimitInMB: '512',
  awsRequestId: `c6af9ac6-7b61-11e6-9a41-93e8deadbe${String(i).padStart(2, '0')}`,
  logGroupName: '/aws/lambda/edgeload-handler',
  logStreamName: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
  getRemainingTimeInMillis: () => 10_000 - (Date.now() - started),
})

const results = []
for (const [i, event] of events.entries()) {
  // The runtime sends the JSON of what the handler returns.
  results.push(JSON.parse(JSON.stringify(await handler(event, context(i)))))
}
// A Lambda container is frozen between invocations, never ended; here the
// process must end, though the store may keep database connections open.
process.stdout.write(MARKER + JSON.stringify({ node: process.version, results }) + '\n', () => process.exit(0))

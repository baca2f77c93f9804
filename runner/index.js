#!/usr/bin/env node
// `node runner ...` and the `edgeload` bin. Registers tsx first, so the program, our sources and
// scenario files can all be TypeScript on Node 20, then runs the cac program (runner/cli.ts).
await import('tsx')
const { main } = await import('./cli.ts')
const { capYoungGeneration } = await import('../src/load/young-generation-cap.ts')
capYoungGeneration()
const code = await main(process.argv)
// Exit now even if a scenario left a timer or socket behind: the report is out.
process.exit(code)

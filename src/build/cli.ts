import { BUNDLES, bundle } from './bundles.ts'
import type { BundleName } from './bundles.ts'

/** `npm run build:lambda` / `build:worker`: node --import tsx src/build/cli.ts <name>. */
const name = process.argv[2]
if (!(name in BUNDLES)) {
  console.error(`usage: cli.ts <${Object.keys(BUNDLES).join('|')}>`)
  process.exit(2)
}
const file = await bundle(name as BundleName)
console.log(`built ${name}: ${file}`)

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The function's code as an unzipped Lambda package: the bundle `npm run
 * build:lambda` makes, byte for byte, as index.js beside a package.json that
 * says it is an ES module. Lambda's nodejs22.x loads that layout as it loads
 * index.mjs; fun's `nodejs` bootstrap finds `index` with require(), which
 * looks for index.js (Node 22 requires an ES module without top-level await).
 */
export function makeTaskDir(bundleFile: string, dir: string): string {
  mkdirSync(dir, { recursive: true })
  copyFileSync(bundleFile, join(dir, 'index.js'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  return dir
}

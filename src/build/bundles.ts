import { build } from 'esbuild'
import type { BuildOptions } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The deployable bundles: one self-contained file per platform that has no TypeScript loader. */
export const BUNDLES = {
  /** AWS Lambda nodejs22.x: ESM handler `index.handler`; node:* (node:sqlite) stay builtins. */
  lambda: {
    entryPoints: [`${root}handler/lambda.ts`],
    outfile: `${root}dist/lambda/index.mjs`,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external: ['node:*'],
  },
  /** Cloudflare Workers module syntax, for wrangler and miniflare. */
  worker: {
    entryPoints: [`${root}handler/worker.ts`],
    outfile: `${root}dist/worker/index.js`,
    platform: 'neutral',
    target: 'es2022',
    format: 'esm',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // The postgres package's Workers build connects with cloudflare:sockets and
    // uses node:buffer, node:events, node:stream (the nodejs_compat flag in wrangler.toml).
    external: ['cloudflare:sockets', 'node:*'],
  },
} satisfies Record<string, BuildOptions>

export type BundleName = keyof typeof BUNDLES

export interface BundleOverrides {
  /** Where to write the bundle (tests build into temp dirs). */
  outfile?: string
  /** Another entry built for the same platform (a test harness). */
  entryPoint?: string
}

/** Bundles one platform's entry and resolves with the written file. */
export async function bundle(name: BundleName, overrides: BundleOverrides = {}): Promise<string> {
  const options = BUNDLES[name]
  const outfile = overrides.outfile ?? options.outfile
  const entryPoints = overrides.entryPoint ? [overrides.entryPoint] : options.entryPoints
  await build({ ...options, entryPoints, outfile, bundle: true, minify: false, sourcemap: false, logLevel: 'warning', legalComments: 'none' })
  return outfile
}

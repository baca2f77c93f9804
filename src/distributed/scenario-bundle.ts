/**
 * The scenario as one file for a Kubernetes ConfigMap (docs/distributed.md, "Kubernetes"): the
 * pod has edgeload's own modules (`src/`) and packages in its image, but not the files a scenario
 * imports from beside it (`./helper.ts`). Those are bundled into the scenario with esbuild;
 * imports of edgeload's modules stay imports, pointed at where the image keeps them, so the
 * scenario and the runner share one copy (custom metrics register with the runner's registry).
 * A scenario that imports nothing of its own goes into the ConfigMap as written.
 */
import { basename, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Message } from 'esbuild'
import { UsageError } from '../load/run-errors.ts'

/** The repository's root: the image keeps the same layout under /app. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface ScenarioBundle {
  /** The file name in the ConfigMap: the scenario's own, or `<stem>.mjs` when bundled. */
  name: string
  text: string
  /** The local files bundled in, relative to the scenario's folder; empty when none. */
  bundled: string[]
}

export async function bundleScenario(file: string, original: string): Promise<ScenarioBundle> {
  const bundled = new Set<string>()
  let result
  try {
    result = await build({
      entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      plugins: [{
        name: 'edgeload-image',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined
            if (!/^\.{1,2}(\/|$)|^\//.test(args.path)) return { external: true }
            const target = resolve(args.resolveDir, args.path)
            const inRepo = relative(ROOT, target)
            // edgeload's own modules: in the image at /app/src, one level up from /app/scenarios.
            if (!inRepo.startsWith('..') && (inRepo.startsWith(`src${sep}`) || inRepo.startsWith(`node_modules${sep}`))) {
              return { path: `../${inRepo.split(sep).join('/')}`, external: true }
            }
            bundled.add(relative(resolve(file, '..'), target))
            return undefined
          })
        },
      }],
    })
  } catch (error) {
    const first = ((error as { errors?: Message[] }).errors ?? [])[0]
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : ''
    throw new UsageError(`${file}: its imports cannot be bundled for the pods: ${where}${first?.text ?? (error as Error).message}`)
  }
  if (bundled.size === 0) return { name: basename(file), text: original, bundled: [] }
  const stem = basename(file).replace(/\.(m?ts|m?js)$/, '')
  return { name: `${stem}.mjs`, text: result.outputFiles[0]!.text, bundled: [...bundled].sort() }
}

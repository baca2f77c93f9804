import { findNode22 } from '../../src/local-runtimes/node22.ts'
import type { Node22 } from '../../src/local-runtimes/node22.ts'

export type { Node22 }

/** A real Node 22 binary for the Lambda and node:sqlite tests (src/local-runtimes/node22.ts). */
export function node22(): Promise<Node22> {
  return Promise.resolve(findNode22())
}

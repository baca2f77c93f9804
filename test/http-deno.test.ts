import { httpConformance } from './helpers/http-conformance.ts'

httpConformance('deno', /\(node:sqlite\)/)

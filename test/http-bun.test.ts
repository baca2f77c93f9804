import { httpConformance } from './helpers/http-conformance.ts'

httpConformance('bun', /bun:sqlite/)

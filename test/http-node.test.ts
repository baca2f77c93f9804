import { httpConformance } from './helpers/http-conformance.ts'

httpConformance('node', /better-sqlite3/)

import { httpConformance } from './helpers/http-conformance.ts'

httpConformance('workerd', /^d1$/)

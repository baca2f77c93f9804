/**
 * `import exec from 'k6/execution'` in a k6-shaped module run directly: the parts that have a
 * meaning here, read from the running thread's ctx.
 */
import { iterationContext } from './vu-scope.ts'

const execution = {
  get vu() {
    const ctx = iterationContext('exec.vu')
    return { idInTest: ctx.vu, iterationInScenario: ctx.iteration }
  },
  get scenario() {
    const ctx = iterationContext('exec.scenario')
    return { name: ctx.scenario }
  },
}

export default execution

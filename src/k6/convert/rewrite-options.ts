/**
 * k6's `export const options = { ... }` as a scenario's fields (k6-options.ts says which key
 * becomes what): kept keys keep their (rewritten) source, the execution shortcuts become the
 * `default` scenario k6 derives, `userAgent` a header, and dropped keys are notes.
 */
import type MagicString from 'magic-string'
import { propertyName, type Node } from './ast.ts'
import type { Problems } from './problems.ts'
import { DROPPED_KEYS, SAME_KEYS, SHORTCUT_KEYS, shortcutScenario, UNSUPPORTED_SCENARIO_KEYS, USER_AGENT_HEADER, type Shortcuts } from '../k6-options.ts'

/** The fields' text (`  thresholds: {...},` lines), or undefined when options is not a literal. */
export function convertOptions(init: Node | undefined, ms: MagicString, problems: Problems): string[] | undefined {
  if (init?.type !== 'ObjectExpression') {
    problems.fatal(init ?? 1, 'options is not an object literal: convert reads its fields from the source; write it as export const options = { ... }')
    return undefined
  }
  const fields: string[] = []
  const shortcuts: Shortcuts<string> = {}
  let scenarios: Node | undefined
  for (const property of init.properties as Node[]) {
    const key = propertyName(property)
    if (key === undefined) {
      problems.fatal(property, 'a spread or computed key in options: convert reads plain fields only')
      continue
    }
    const value = ms.slice(property.value.start, property.value.end)
    if (SHORTCUT_KEYS.has(key)) shortcuts[key as keyof Shortcuts<string>] = value
    else if (SAME_KEYS.has(key)) {
      fields.push(`${key}: ${value}`)
      if (key === 'scenarios') scenarios = property.value
    } else if (key === 'userAgent') fields.push(`headers: { '${USER_AGENT_HEADER}': ${value} }`)
    else if (DROPPED_KEYS[key]) problems.note(property, `options.${key} dropped: ${DROPPED_KEYS[key]}`)
    else problems.note(property, `options.${key} dropped: not a k6 option convert knows`)
  }
  if (scenarios) checkScenarios(scenarios, problems)
  const derived = shortcutScenario(shortcuts, '1')
  if (derived && scenarios) problems.note(init, `options.${Object.keys(shortcuts).join(', ')} dropped: the script also sets scenarios, which k6 runs instead`)
  else if (derived) {
    const body = [`executor: '${derived.executor}'`, ...derived.fields.map(([name, text]) => `${name}: ${text}`)].join(', ')
    fields.unshift(`scenarios: { default: { ${body} } }`)
  }
  return fields
}

function checkScenarios(scenarios: Node, problems: Problems): void {
  if (scenarios.type !== 'ObjectExpression') return problems.fatal(scenarios, 'options.scenarios is not an object literal')
  for (const scenario of scenarios.properties as Node[]) {
    if (scenario.value?.type !== 'ObjectExpression') continue
    for (const field of scenario.value.properties as Node[]) {
      const key = propertyName(field)
      if (key && UNSUPPORTED_SCENARIO_KEYS[key]) problems.fatal(field, `scenarios.${propertyName(scenario)}.${key}: ${UNSUPPORTED_SCENARIO_KEYS[key]}`)
    }
  }
}

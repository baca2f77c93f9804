/** Reads the Node entry's settings from the environment (no secrets here: none are needed). */
export interface NodeConfig {
  port: number
  host: string
  dbFile: string
}

export function readNodeConfig(env: Record<string, string | undefined>): NodeConfig {
  const rawPort = env.PORT ?? '8080'
  const port = Number(rawPort)
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`)
  }
  return { port, host: env.HOST || '0.0.0.0', dbFile: env.STEPS_DB || 'data/steps.db' }
}

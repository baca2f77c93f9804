/** A handler serving on this machine, started by one of the local-runtime launchers. */
export interface LocalServer {
  /** "node", "deno", "bun" or "workerd". */
  runtime: string
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123. */
  url: string
  /** Stops the server (gracefully, then by force) and resolves once it is gone. */
  close(): Promise<void>
}

export interface StartOptions {
  /** Folder for the runtime's database files; the caller owns and removes it. */
  dataDir: string
  /** 0 (default) lets the runtime pick a free port. */
  port?: number
  /** Default 127.0.0.1: local runs never listen on other interfaces. */
  host?: string
  /** Postgres for every runtime instead of its embedded store (workerd reaches it through a local Hyperdrive binding). */
  databaseUrl?: string
}

/**
 * The slice of Bun's API the Bun entry and driver use. The project does not depend on
 * `bun-types` (it would clash with @types/node and DOM globals under `tsc`).
 */
declare module 'bun:sqlite' {
  type SQLQueryBindings = null | number | bigint | string | boolean | Uint8Array
  export class Statement {
    run(...params: SQLQueryBindings[]): unknown
    get(...params: SQLQueryBindings[]): unknown
    all(...params: SQLQueryBindings[]): unknown[]
  }
  export class Database {
    constructor(filename?: string, options?: { create?: boolean; readonly?: boolean; strict?: boolean })
    exec(sql: string): unknown
    prepare(sql: string): Statement
    close(): void
  }
}

declare namespace Bun {
  interface Server {
    readonly port: number
    readonly hostname: string
    readonly url: URL
    stop(closeActiveConnections?: boolean): Promise<void>
  }
  interface ServeOptions {
    port?: number
    hostname?: string
    /** Seconds a connection may stay idle. */
    idleTimeout?: number
    fetch(request: Request, server: Server): Response | Promise<Response>
  }
}

declare const Bun: {
  serve(options: Bun.ServeOptions): Bun.Server
  readonly env: Record<string, string | undefined>
  readonly version: string
}

/**
 * The slice of the Deno namespace the Deno entry uses, for `tsc` only; `deno check`
 * (deno task check) checks the same entry against Deno's real declarations.
 */
declare namespace Deno {
  interface NetAddr {
    hostname: string
    port: number
  }
  interface ServeOptions {
    port?: number
    hostname?: string
    onListen?(localAddr: NetAddr): void
    signal?: AbortSignal
  }
  interface HttpServer {
    readonly finished: Promise<void>
    readonly addr: NetAddr
    shutdown(): Promise<void>
  }
  function serve(options: ServeOptions, handler: (request: Request) => Response | Promise<Response>): HttpServer
  const env: { get(key: string): string | undefined; toObject(): Record<string, string> }
  const version: { deno: string; v8: string; typescript: string }
  function addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void
  function exit(code?: number): never
}

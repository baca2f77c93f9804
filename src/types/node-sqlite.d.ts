/**
 * The slice of `node:sqlite` this project uses. @types/node 20 has no typings for it
 * (the module appeared in Node 22.5); Deno and Node 22 ship their own at run time.
 */
declare module 'node:sqlite' {
  type SQLInputValue = null | number | bigint | string | Uint8Array
  export class StatementSync {
    run(...params: SQLInputValue[]): { changes: number | bigint; lastInsertRowid: number | bigint }
    get(...params: SQLInputValue[]): unknown
    all(...params: SQLInputValue[]): unknown[]
  }
  export class DatabaseSync {
    constructor(path: string, options?: { open?: boolean; readOnly?: boolean })
    exec(sql: string): void
    prepare(sql: string): StatementSync
    close(): void
  }
}

/**
 * What `convert` could not carry over, each with the script's line: a note (dropped or changed,
 * the result still runs) or fatal (the result would not run, or would not mean what the script
 * meant): any fatal one makes `convert` exit non-zero.
 */
import { lineOf, type Node } from './ast.ts'

export interface Problem {
  line: number
  message: string
  fatal: boolean
}

export class Problems {
  readonly list: Problem[] = []

  fatal(at: Node | number, message: string): void {
    this.add(at, message, true)
  }

  note(at: Node | number, message: string): void {
    this.add(at, message, false)
  }

  get anyFatal(): boolean {
    return this.list.some((p) => p.fatal)
  }

  /** In line order, each once. */
  sorted(): Problem[] {
    const seen = new Set<string>()
    return [...this.list].sort((a, b) => a.line - b.line).filter((p) => {
      const key = `${p.line}:${p.message}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }

  private add(at: Node | number, message: string, fatal: boolean): void {
    this.list.push({ line: typeof at === 'number' ? at : lineOf(at), message, fatal })
  }
}

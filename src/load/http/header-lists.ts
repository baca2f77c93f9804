/**
 * Request headers as the flat [name, value, ...] list undici reads fastest. The lists for the
 * common cases (scenario headers plus one content type) are built once per run and shared by
 * every request; only a request with its own headers builds a new list.
 */
import type { Headers } from '../scenario.ts'
import { UsageError } from '../run-errors.ts'
import { checkHeader } from './h1-request-head.ts'
import { CONTENT_TYPES, type BodyType } from './request-body.ts'

export class HeaderLists {
  private readonly byType: Record<BodyType, string[]>
  private encoding: HeaderLists | undefined = undefined

  constructor(private readonly base: Headers = {}) {
    try {
      flatten(base, undefined)
    } catch (error) {
      throw new UsageError(`scenario headers: ${(error as Error).message}`)
    }
    this.byType = {
      none: flatten(base, undefined),
      text: flatten(base, CONTENT_TYPES.text),
      binary: flatten(base, CONTENT_TYPES.binary),
      json: flatten(base, CONTENT_TYPES.json),
      form: flatten(base, CONTENT_TYPES.form),
    }
  }

  /**
   * These lists with `Accept-Encoding: value` added, unless the scenario's headers name their own;
   * built once, so the default costs nothing per request.
   */
  withAcceptEncoding(value: string): HeaderLists {
    if (Object.keys(this.base).some((name) => name.toLowerCase() === 'accept-encoding')) return this
    return (this.encoding ??= new HeaderLists({ ...this.base, 'accept-encoding': value }))
  }

  for(type: BodyType, own: Headers | undefined): string[] {
    if (!own) return this.byType[type]
    const merged: Headers = {}
    for (const [name, value] of Object.entries(this.base)) merged[name.toLowerCase()] = value
    for (const [name, value] of Object.entries(own)) merged[name.toLowerCase()] = value
    return flatten(merged, type === 'none' ? undefined : CONTENT_TYPES[type])
  }
}

/** The body's content type goes in unless the headers already name one. */
function flatten(headers: Headers, contentType: string | undefined): string[] {
  const list: string[] = []
  let hasType = false
  for (const [name, value] of Object.entries(headers)) {
    const text = String(value)
    checkHeader(name, text)
    if (name.toLowerCase() === 'content-type') hasType = true
    list.push(name, text)
  }
  if (contentType && !hasType) list.push('content-type', contentType)
  return list
}

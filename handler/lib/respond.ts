import type { Context } from 'hono'

/** Every answer that is not a success: JSON `{ error, field? }` (DESIGN section 3). */
export function errorJson(c: Context, status: 400 | 404 | 405 | 413 | 415 | 500, error: string, field?: string): Response {
  return c.json(field ? { error, field } : { error }, status)
}

/** A success: the plain-text default, or JSON when the client asked for it. */
export function answer(c: Context, json: boolean, text: string, data: unknown): Response {
  return json ? c.json(data) : c.text(text)
}

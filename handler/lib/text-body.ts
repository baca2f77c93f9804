import { BadInput, HttpError } from './http-error.ts'

/** Media types whose body is text, so "its length in characters" means something. */
const TEXTUAL = /^(?:text\/[^;]+|application\/(?:json|xml|x-www-form-urlencoded|[\w.+-]+\+(?:json|xml)))$/

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function checkTextType(contentType: string | undefined): void {
  if (!contentType) return
  const media = contentType.split(';', 1)[0].trim().toLowerCase()
  if (!TEXTUAL.test(media)) {
    throw new HttpError(415, `Content-Type must be a text type such as text/plain, got ${JSON.stringify(media)}`, 'Content-Type')
  }
}

/** Decodes strictly, so bytes that are not UTF-8 get a 400 instead of U+FFFD. */
export function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new BadInput('body', 'body is not valid UTF-8 text')
  }
}

/** Length in characters (Unicode code points), not UTF-16 units or bytes. */
export function characterCount(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0xd800 || unit > 0xdbff) count++
  }
  return count
}

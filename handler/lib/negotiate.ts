import { BadInput } from './http-error.ts'

/**
 * Decides between the plain-text default and JSON from an Accept header
 * (RFC 9110 section 12.5.1). JSON is chosen only when the client ranks
 * application/json strictly above text/plain, so `*\/*` and absent headers keep
 * the original course clients' plain integers. A header that does not parse is
 * a 400 naming `Accept`, rather than a silent guess.
 */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/

let lastHeader = ''
let lastAnswer = false

export function wantsJson(accept: string | undefined | null): boolean {
  if (!accept || accept === '*/*' || accept === 'text/plain') return false
  if (accept === 'application/json') return true
  if (accept === lastHeader) return lastAnswer
  const answer = rank(accept)
  lastHeader = accept
  lastAnswer = answer
  return answer
}

function rank(accept: string): boolean {
  let json = 0
  let text = 0
  let jsonSpecificity = -1
  let textSpecificity = -1
  for (const part of accept.split(',')) {
    if (part.trim() === '') continue
    const range = parseRange(part)
    const forJson = specificity(range, 'application', 'json')
    if (forJson > jsonSpecificity) [json, jsonSpecificity] = [range.q, forJson]
    const forText = specificity(range, 'text', 'plain')
    if (forText > textSpecificity) [text, textSpecificity] = [range.q, forText]
  }
  return json > 0 && json > text
}

interface MediaRange { type: string; subtype: string; q: number }

function parseRange(part: string): MediaRange {
  const [media, ...params] = part.split(';')
  const [type, subtype, extra] = media.trim().toLowerCase().split('/')
  if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) {
    throw new BadInput('Accept', `Accept header is malformed: ${JSON.stringify(part.trim())} is not a media range like type/subtype`)
  }
  let q = 1
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim())
    if (!name || value === undefined || !TOKEN.test(name)) {
      throw new BadInput('Accept', `Accept header is malformed: bad parameter ${JSON.stringify(param.trim())}`)
    }
    if (name.toLowerCase() === 'q') {
      if (!QVALUE.test(value)) throw new BadInput('Accept', `Accept header is malformed: q must be a number from 0 to 1, got ${JSON.stringify(value)}`)
      q = Number(value)
    }
  }
  return { type, subtype, q }
}

/** 2 for an exact match, 1 for type/*, 0 for *\/*, -1 when the range does not cover it. */
function specificity(range: MediaRange, type: string, subtype: string): number {
  if (range.type === type && range.subtype === subtype) return 2
  if (range.type === type && range.subtype === '*') return 1
  if (range.type === '*') return 0
  return -1
}

/**
 * Encodes HPACK header blocks (RFC 7541). The runner's requests use it without indexing: a block
 * then depends on nothing but its fields, so an HTTP/2 connection encodes a request's headers
 * once and sends the same bytes for every request like it (h2-connection.ts), and the server's
 * table holds nothing of ours. With `indexing`, fields go into a dynamic table as RFC 7541
 * Appendix C's examples do (the tests check the encoder against them).
 */
import { DynamicTable } from './hpack-dynamic-table.ts'
import { huffmanEncode, huffmanLength } from './hpack-huffman.ts'
import { DEFAULT_TABLE_SIZE } from './hpack-decoder.ts'
import { STATIC } from './hpack-static-table.ts'

export interface EncoderOptions {
  /** Literals go into the dynamic table (incremental indexing); otherwise "without indexing". */
  indexing: boolean
  /** Strings are Huffman-coded unless that is longer (RFC 7541's examples code them when it is the same). */
  huffman: boolean
}

/** name -> its first static index; "name\0value" -> the index of that exact field. */
const STATIC_NAMES = new Map<string, number>()
const STATIC_FIELDS = new Map<string, number>()
for (let i = STATIC.length - 1; i >= 1; i--) {
  const [name, value] = STATIC[i]!
  STATIC_NAMES.set(name, i)
  if (value !== '') STATIC_FIELDS.set(`${name}\0${value}`, i)
}

export class HpackEncoder {
  readonly table = new DynamicTable(DEFAULT_TABLE_SIZE)

  constructor(private readonly options: EncoderOptions) {}

  /** A header block for `fields`, a flat list of lower-case names and their values (latin1). */
  encode(fields: readonly string[]): Buffer {
    let most = 0
    for (let i = 0; i < fields.length; i++) most += fields[i]!.length + 6
    const out = Buffer.allocUnsafe(most)
    let at = 0
    for (let i = 0; i + 1 < fields.length; i += 2) at = this.field(fields[i]!, fields[i + 1]!, out, at)
    return out.subarray(0, at)
  }

  private field(name: string, value: string, out: Buffer, at: number): number {
    const exact = STATIC_FIELDS.get(`${name}\0${value}`)
    if (exact !== undefined) return integer(out, at, 0x80, 7, exact)
    let nameIndex = STATIC_NAMES.get(name) ?? 0
    if (this.options.indexing) {
      const found = this.table.find(name, value)
      if (found > 0) return integer(out, at, 0x80, 7, STATIC.length - 1 + found)
      if (found < 0 && nameIndex === 0) nameIndex = STATIC.length - 1 - found
      at = integer(out, at, 0x40, 6, nameIndex)
      this.table.add(name, value)
    } else {
      at = integer(out, at, 0x00, 4, nameIndex)
    }
    if (nameIndex === 0) at = this.string(name, out, at)
    return this.string(value, out, at)
  }

  private string(text: string, out: Buffer, at: number): number {
    if (this.options.huffman) {
      const coded = huffmanLength(text)
      if (coded <= text.length) return huffmanEncode(text, out, integer(out, at, 0x80, 7, coded))
    }
    at = integer(out, at, 0x00, 7, text.length)
    return at + out.write(text, at, 'latin1')
  }
}

/** An integer with an N-bit prefix (§5.1), the first octet's other bits set to `flags`. */
function integer(out: Buffer, at: number, flags: number, prefix: number, value: number): number {
  const max = (1 << prefix) - 1
  if (value < max) {
    out[at++] = flags | value
    return at
  }
  out[at++] = flags | max
  value -= max
  while (value >= 128) {
    out[at++] = (value % 128) | 0x80
    value = Math.floor(value / 128)
  }
  out[at++] = value
  return at
}

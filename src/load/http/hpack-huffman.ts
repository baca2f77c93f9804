/**
 * HPACK's Huffman code (RFC 7541 §5.2, Appendix B). Decoding reads four bits at a time through a
 * table built once from the code: each of the code tree's 256 inner nodes has 16 entries (the
 * node the nibble leads to, and the octet it completed, if any). No code is shorter than five
 * bits, so a nibble completes at most one octet.
 */
import { CODES, LENGTHS } from './hpack-huffman-codes.ts'

export class HuffmanError extends Error {}

const EOS = 256
/** Per (node, nibble): next node in bits 0-8, 0x200 when an octet was completed (in bits 16-23), 0x400 on EOS. */
const TRANSITIONS = new Int32Array(256 * 16)
/** The node is reached from the root by at most seven 1 bits: a string may end there (padding). */
const PADDING_END = new Uint8Array(256)

buildDecoder()

function buildDecoder(): void {
  // The tree: inner nodes 0..255 (0 is the root); a child < 0 is the leaf of symbol -child - 1.
  const children: number[][] = [[0, 0]]
  for (let symbol = 0; symbol <= EOS; symbol++) {
    let node = 0
    for (let bit = LENGTHS[symbol]! - 1; bit >= 0; bit--) {
      const side = (CODES[symbol]! >>> bit) & 1
      if (bit === 0) children[node]![side] = -symbol - 1
      else {
        if (children[node]![side] === 0) {
          children.push([0, 0])
          children[node]![side] = children.length - 1
        }
        node = children[node]![side]!
      }
    }
  }
  for (let node = 0, ones = 0; ones <= 7; ones++) {
    PADDING_END[node] = 1
    const next = children[node]![1]!
    if (next <= 0) break
    node = next
  }
  for (let node = 0; node < children.length; node++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let at = node
      let entry = 0
      for (let bit = 3; bit >= 0; bit--) {
        const child = children[at]![(nibble >>> bit) & 1]!
        if (child < 0) {
          const symbol = -child - 1
          entry = symbol === EOS ? 0x400 : 0x200 | (symbol << 16)
          at = 0
          if (symbol === EOS) break
        } else at = child
      }
      TRANSITIONS[node * 16 + nibble] = entry | at
    }
  }
}

let out = Buffer.allocUnsafe(256)

/** The octets of a Huffman-coded string `data[start, end)`, as latin1 text. */
export function huffmanDecode(data: Uint8Array, start: number, end: number): string {
  // A Huffman code is at least five bits an octet: the text is at most 8/5 of its coded length.
  const most = Math.ceil(((end - start) * 8) / 5)
  if (out.length < most) out = Buffer.allocUnsafe(Math.max(most, out.length * 2))
  let node = 0
  let length = 0
  for (let i = start; i < end; i++) {
    const byte = data[i]!
    let entry = TRANSITIONS[node * 16 + (byte >>> 4)]!
    if (entry & 0x400) throw new HuffmanError('EOS inside a Huffman-coded string')
    if (entry & 0x200) out[length++] = entry >>> 16
    node = entry & 0x1ff
    entry = TRANSITIONS[node * 16 + (byte & 15)]!
    if (entry & 0x400) throw new HuffmanError('EOS inside a Huffman-coded string')
    if (entry & 0x200) out[length++] = entry >>> 16
    node = entry & 0x1ff
  }
  if (PADDING_END[node] !== 1) throw new HuffmanError('a Huffman-coded string that ends in the middle of a code or in padding that is not all 1 bits')
  return out.toString('latin1', 0, length)
}

/** How many octets `text` (latin1) takes Huffman-coded. */
export function huffmanLength(text: string): number {
  let bits = 0
  for (let i = 0; i < text.length; i++) bits += LENGTHS[text.charCodeAt(i) & 0xff]!
  return (bits + 7) >>> 3
}

/** Writes `text` (latin1) Huffman-coded at `at`, padded with 1 bits; returns the offset after it. */
export function huffmanEncode(text: string, into: Uint8Array, at: number): number {
  let pending = 0 // bits not yet written, right-aligned in `pending`
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const symbol = text.charCodeAt(i) & 0xff
    const length = LENGTHS[symbol]!
    // At most 7 pending bits plus a 30-bit code: exact in a double, not in a 32-bit int.
    pending = pending * 2 ** length + CODES[symbol]!
    count += length
    while (count >= 8) {
      count -= 8
      const divisor = 2 ** count
      into[at++] = Math.floor(pending / divisor) & 0xff
      pending %= divisor
    }
  }
  if (count > 0) into[at++] = ((pending << (8 - count)) | (0xff >>> count)) & 0xff
  return at
}

/**
 * Decodes HPACK header blocks (RFC 7541) as an HTTP/2 connection's server sends them: indexed
 * fields, literals with or without indexing or never indexed, Huffman-coded or plain strings,
 * and dynamic table size updates. One decoder per connection: its dynamic table is the
 * connection's state, so every block the server sends goes through it, in order, even one for
 * a request nobody waits for any more. Anything malformed throws an HpackError: the connection
 * is then unusable (a COMPRESSION_ERROR, RFC 9113 §4.3).
 */
import { DynamicTable } from './hpack-dynamic-table.ts'
import { huffmanDecode, HuffmanError } from './hpack-huffman.ts'
import { STATIC } from './hpack-static-table.ts'

export class HpackError extends Error {}

export interface HeaderSink {
  header(name: string, value: string): void
}

/** The table size HTTP/2 starts with, and the most the runner ever allows (its SETTINGS_HEADER_TABLE_SIZE). */
export const DEFAULT_TABLE_SIZE = 4096

export class HpackDecoder {
  readonly table: DynamicTable
  /**
   * The last block read no entry of the dynamic table and changed no size: what it decodes to
   * does not depend on the table, so the same bytes again decode to the same fields, and their
   * only effect on the table is `inserted` again (replay()).
   */
  independent = false
  /** What the last block inserted, name and value in turn. */
  inserted: string[] = []
  private at = 0
  private end = 0
  private data: Buffer = EMPTY

  /** `limit`: the SETTINGS_HEADER_TABLE_SIZE this side announced; an update above it is an error. */
  constructor(private readonly limit = DEFAULT_TABLE_SIZE) {
    this.table = new DynamicTable(limit)
  }

  /** Decodes `data[start, end)`, one complete header block, handing each field to `sink` in order. */
  decode(data: Buffer, start: number, end: number, sink: HeaderSink): void {
    this.data = data
    this.at = start
    this.end = end
    this.independent = true
    this.inserted.length = 0
    let fields = 0
    try {
      while (this.at < end) {
        const byte = data[this.at]!
        if (byte & 0x80) {
          const index = this.integer(7)
          sink.header(this.nameAt(index), this.valueAt(index))
          fields++
        } else if (byte & 0x40) {
          const [name, value] = this.literal(6)
          this.table.add(name, value)
          this.inserted.push(name, value)
          sink.header(name, value)
          fields++
        } else if (byte & 0x20) {
          if (fields > 0) throw new HpackError('a dynamic table size update after a header field')
          const size = this.integer(5)
          if (size > this.limit) throw new HpackError(`a dynamic table size update to ${size}, above the ${this.limit} allowed`)
          this.independent = false
          this.table.resize(size)
        } else {
          // 0000: without indexing; 0001: never indexed. Both leave the table as it is.
          const [name, value] = this.literal(4)
          sink.header(name, value)
          fields++
        }
      }
    } catch (error) {
      if (error instanceof HuffmanError) throw new HpackError(error.message)
      throw error
    } finally {
      this.data = EMPTY
    }
  }

  private literal(prefix: number): [string, string] {
    const index = this.integer(prefix)
    const name = index === 0 ? this.string() : this.nameAt(index)
    return [name, this.string()]
  }

  /** What decoding the last block again does to the table, when it was `independent`. */
  replay(): void {
    const inserted = this.inserted
    for (let i = 0; i < inserted.length; i += 2) this.table.add(inserted[i]!, inserted[i + 1]!)
  }

  private nameAt(index: number): string {
    if (index === 0) throw new HpackError('header index 0')
    if (index < STATIC.length) return STATIC[index]![0]
    this.independent = false
    const name = this.table.name(index - STATIC.length + 1)
    if (name === undefined) throw new HpackError(`header index ${index}, beyond the tables (${STATIC.length - 1 + this.table.length} entries)`)
    return name
  }

  private valueAt(index: number): string {
    return index < STATIC.length ? STATIC[index]![1] : this.table.value(index - STATIC.length + 1)!
  }

  /** An integer with an N-bit prefix (§5.1); at most 2^31 - 1, larger is an error. */
  private integer(prefix: number): number {
    const data = this.data
    const max = (1 << prefix) - 1
    let value = data[this.at++]! & max
    if (value < max) return value
    for (let shift = 0; ; shift += 7) {
      if (this.at >= this.end) throw new HpackError('an integer cut off at the end of the header block')
      if (shift > 28) throw new HpackError('an integer over 2^31')
      const byte = data[this.at++]!
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) break
    }
    if (value > 0x7fffffff) throw new HpackError('an integer over 2^31')
    return value
  }

  /** A string literal (§5.2): Huffman-coded or raw octets, read as latin1. */
  private string(): string {
    if (this.at >= this.end) throw new HpackError('a string cut off at the end of the header block')
    const huffman = (this.data[this.at]! & 0x80) !== 0
    const length = this.integer(7)
    const start = this.at
    if (length > this.end - start) throw new HpackError(`a string of ${length} octets with ${this.end - start} left in the header block`)
    this.at = start + length
    if (huffman) return huffmanDecode(this.data, start, this.at)
    return this.data.toString('latin1', start, this.at)
  }
}

const EMPTY = Buffer.alloc(0)

/**
 * An HPACK dynamic table (RFC 7541 §2.3.2, §4): newest entry first in index order, evicted
 * oldest first when an entry would make the table larger than its maximum size. The decoder of
 * an HTTP/2 connection keeps one for the server's headers; the encoder may keep one (tests).
 * Entries live newest-last in two arrays: a table of 4 KiB holds about a hundred, so shifting
 * on eviction costs less than a ring's bookkeeping.
 */
import { ENTRY_OVERHEAD } from './hpack-static-table.ts'

export class DynamicTable {
  private names: string[] = []
  private values: string[] = []
  /** Sum of the entries' sizes: name and value lengths plus 32 each. */
  size = 0

  constructor(public maxSize: number) {}

  get length(): number {
    return this.names.length
  }

  /** Entry `index` (1 is the newest), or undefined. */
  name(index: number): string | undefined {
    return this.names[this.names.length - index]
  }

  value(index: number): string | undefined {
    return this.values[this.values.length - index]
  }

  /** Adds an entry; one larger than the whole table empties it (§4.4). */
  add(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD
    this.evictTo(this.maxSize - size)
    if (size > this.maxSize) return
    this.names.push(name)
    this.values.push(value)
    this.size += size
  }

  resize(maxSize: number): void {
    this.maxSize = maxSize
    this.evictTo(maxSize)
  }

  /** The index (1-based) of an entry with this name and value, else of one with this name (negated), else 0. */
  find(name: string, value: string): number {
    let byName = 0
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] !== name) continue
      const index = this.names.length - i
      if (this.values[i] === value) return index
      if (byName === 0) byName = -index
    }
    return byName
  }

  private evictTo(limit: number): void {
    let drop = 0
    while (this.size > Math.max(0, limit) && drop < this.names.length) {
      this.size -= this.names[drop]!.length + this.values[drop]!.length + ENTRY_OVERHEAD
      drop++
    }
    if (drop > 0) {
      this.names.splice(0, drop)
      this.values.splice(0, drop)
    }
  }
}

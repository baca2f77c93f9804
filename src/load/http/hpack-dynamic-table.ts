/**
 * An HPACK dynamic table (RFC 7541 §2.3.2, §4): newest entry first in index order, evicted
 * oldest first when an entry would make the table larger than its maximum size. The decoder of
 * an HTTP/2 connection keeps one for the server's headers; the encoder may keep one (tests).
 * Entries live in a ring (no entry is smaller than 32 octets, so a table of N octets holds at
 * most N / 32): nginx inserts every header of every answer, so adding and evicting run on each
 * response and must not shift arrays.
 */
import { ENTRY_OVERHEAD } from './hpack-static-table.ts'

export class DynamicTable {
  private names: string[] = []
  private values: string[] = []
  /** Ring slot of the oldest entry, and how many there are. */
  private oldest = 0
  private count = 0
  /** Sum of the entries' sizes: name and value lengths plus 32 each. */
  size = 0

  constructor(public maxSize: number) {
    this.allocate()
  }

  get length(): number {
    return this.count
  }

  /** Entry `index` (1 is the newest), or undefined. */
  name(index: number): string | undefined {
    return index >= 1 && index <= this.count ? this.names[this.slot(index)] : undefined
  }

  value(index: number): string | undefined {
    return index >= 1 && index <= this.count ? this.values[this.slot(index)] : undefined
  }

  /** Adds an entry; one larger than the whole table empties it (§4.4). */
  add(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD
    this.evictTo(this.maxSize - size)
    if (size > this.maxSize) return
    const at = (this.oldest + this.count) % this.names.length
    this.names[at] = name
    this.values[at] = value
    this.count++
    this.size += size
  }

  resize(maxSize: number): void {
    this.maxSize = maxSize
    this.evictTo(maxSize)
    const names: string[] = []
    const values: string[] = []
    for (let index = this.count; index >= 1; index--) {
      names.push(this.name(index)!)
      values.push(this.value(index)!)
    }
    this.allocate()
    for (let i = 0; i < names.length; i++) {
      this.names[i] = names[i]!
      this.values[i] = values[i]!
    }
    this.oldest = 0
    this.count = names.length
  }

  /** The index (1-based) of an entry with this name and value, else of one with this name (negated), else 0. */
  find(name: string, value: string): number {
    let byName = 0
    for (let index = 1; index <= this.count; index++) {
      const at = this.slot(index)
      if (this.names[at] !== name) continue
      if (this.values[at] === value) return index
      if (byName === 0) byName = -index
    }
    return byName
  }

  private slot(index: number): number {
    return (this.oldest + this.count - index) % this.names.length
  }

  private allocate(): void {
    const capacity = Math.floor(this.maxSize / ENTRY_OVERHEAD) + 1
    this.names = new Array<string>(capacity).fill('')
    this.values = new Array<string>(capacity).fill('')
  }

  private evictTo(limit: number): void {
    while (this.count > 0 && this.size > Math.max(0, limit)) {
      const at = this.oldest
      this.size -= this.names[at]!.length + this.values[at]!.length + ENTRY_OVERHEAD
      this.names[at] = ''
      this.values[at] = ''
      this.oldest = (at + 1) % this.names.length
      this.count--
    }
  }
}

/**
 * What the handler tells a load client in its headers (docs/api.md): `X-Cold-Start: 1`
 * on an instance's first answer, and `Server-Timing: app;dur=<ms>`. Read here, above every
 * transport, from the headers as the connection hands them (our HTTP/1 connection's header
 * lines, or undici's Buffers). A server repeats its head byte for byte and our connection then
 * hands the same string again: the last answer is remembered by identity, so a repeated head
 * costs one comparison.
 */
import type { RawHeaders } from './raw-headers.ts'
import { appServerTimingUs, initServerTimingUs, isHeader } from './raw-headers.ts'

export class ServiceSignals {
  coldStart = false
  /** -1 without `Server-Timing: app;dur=`. */
  serverUs = -1
  /** A cold start's init (`Server-Timing: init;dur=`); -1 when not a cold start or not given. */
  initUs = -1
  /** The answer sets cookies (the thread's jar then reads them). */
  setCookie = false
  private lastLines: string | undefined = undefined
  private lastColdStart = false
  private lastServerUs = -1
  private lastInitUs = -1
  private lastSetCookie = false

  read(raw: RawHeaders): void {
    if (typeof raw === 'string') return this.readLines(raw)
    this.coldStart = false
    this.serverUs = -1
    this.initUs = -1
    this.setCookie = false
    if (!raw) return
    let timing = ''
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!
      if (isHeader(name, 'x-cold-start')) this.coldStart = raw[i + 1]!.toString('latin1').trim() === '1'
      else if (isHeader(name, 'server-timing')) this.serverUs = appServerTimingUs((timing = raw[i + 1]!.toString('latin1')))
      else if (isHeader(name, 'set-cookie')) this.setCookie = true
    }
    if (this.coldStart && timing) this.initUs = initServerTimingUs(timing)
  }

  private readLines(lines: string): void {
    if (lines !== this.lastLines) {
      this.lastLines = lines
      this.lastColdStart = /(?:^|\r\n)x-cold-start:[ \t]*1[ \t]*(?:\r\n|$)/i.test(lines)
      const timing = /(?:^|\r\n)server-timing:([^\r\n]*)/i.exec(lines)
      this.lastServerUs = timing ? appServerTimingUs(timing[1]!) : -1
      this.lastInitUs = this.lastColdStart && timing ? initServerTimingUs(timing[1]!) : -1
      // indexOf first: most heads set no cookie, and it is cheaper than the regular expression.
      this.lastSetCookie = (lines.indexOf('ookie') >= 0 || lines.indexOf('OOKIE') >= 0) && /(?:^|\r\n)set-cookie:/i.test(lines)
    }
    this.coldStart = this.lastColdStart
    this.serverUs = this.lastServerUs
    this.initUs = this.lastInitUs
    this.setCookie = this.lastSetCookie
  }
}

/**
 * Names requests for the per-endpoint table: the `name` option, else the path without its
 * query. Every name costs a set of histograms, so a scenario that puts ids in paths without a
 * `name` would grow memory per request; past MAX names the rest share one row.
 */
export const MAX_ENDPOINTS = 200
export const OTHER_ENDPOINTS = '(other endpoints: use the name option)'

export class EndpointNames {
  private readonly seen = new Set<string>()

  nameFor(path: string, name: string | undefined): string {
    if (name !== undefined) return name
    const query = path.indexOf('?')
    const plain = query < 0 ? path : path.slice(0, query)
    if (this.seen.has(plain)) return plain
    if (this.seen.size >= MAX_ENDPOINTS) return OTHER_ENDPOINTS
    this.seen.add(plain)
    return plain
  }
}

/** Settings shared by every section, from the command line. */
export interface BenchOptions {
  rounds: number
  durationS: number
  connections: number
  quick: boolean
}

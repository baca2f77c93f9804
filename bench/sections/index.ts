import type { BenchOptions } from '../lib/options.ts'
import type { SectionResult } from '../lib/report.ts'
import { handlerSection } from './handler.ts'
import { inprocessSection } from './inprocess.ts'
import { generatorSection } from './generator.ts'
import { memorySection } from './memory.ts'
import { scaleSection } from './scale.ts'
import { scaleSegmentsSection } from './scale-segments.ts'
import { accuracySection } from './accuracy.ts'
import { workersSection } from './workers.ts'
import { soakSection } from './soak.ts'
import { tlsSection } from './tls.ts'
import { verdictsSection } from './verdicts.ts'
import { outputsSection } from './outputs.ts'

export type Section = (opts: BenchOptions) => Promise<SectionResult>

/** Every section in the order a full run goes through them. */
export const SECTIONS: Record<string, Section> = {
  generator: generatorSection,
  tls: tlsSection,
  handler: handlerSection,
  inprocess: inprocessSection,
  memory: memorySection,
  scale: scaleSection,
  segments: scaleSegmentsSection,
  accuracy: accuracySection,
  workers: workersSection,
  outputs: outputsSection,
  soak: soakSection,
  verdicts: verdictsSection,
}

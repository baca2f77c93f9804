// A sample's tags as the live feed and its outputs carry them (k6's names: scenario, phase, name, status ...).
export type LiveTags = Readonly<Record<string, string>>

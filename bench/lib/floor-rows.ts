import type { Row } from './report.ts'
import { describeContender as describe, pairedRatio, type ContenderSummary } from './side-by-side.ts'

/** The runner is held to this share of Node's floor on every path (docs/performance.md). */
export const FLOOR_TARGET = 0.8

export interface FloorRowsInput {
  section: string
  /** `50 connections, 5 s, nginx (1 worker)`. */
  caseName: string
  /** `HTTP/2: ` before each case, when a section has several paths. */
  prefix?: string
  runner: ContenderSummary
  floor: ContenderSummary
  /** The C tool the issue compares with (wrk, h2load); undefined when it is missing. */
  native?: ContenderSummary
  nativeName: string
  /** The target against the C tool. */
  target: number
  unavailable: string
}

/**
 * Three rows for one path: the runner against the C tool (the target, with a note when
 * Node itself cannot reach it), Node's floor against the C tool (what any Node client can reach:
 * no target, a fact), and the runner against Node's floor (the share of Node's ceiling the
 * runner's scenario, parsing and metrics leave).
 */
export function floorRows(input: FloorRowsInput): Row[] {
  const { section, caseName, runner, floor, native, nativeName, target } = input
  const prefix = input.prefix ?? ''
  const rows: Row[] = []
  if (native) {
    const vsNative = pairedRatio(runner, native)
    const floorVsNative = pairedRatio(floor, native)
    rows.push({
      section, case: `${prefix}runner vs ${nativeName} (${caseName})`, a: describe(runner), b: describe(native),
      ratio: vsNative, target: `>= ${target}x`, holds: vsNative >= target,
      ...(floorVsNative < target ? { note: `beyond Node: its floor reads ${floorVsNative.toFixed(2)}x of ${nativeName}` } : {}),
    })
    rows.push({ section, case: `${prefix}Node's floor vs ${nativeName} (the ceiling of any Node client)`, a: describe(floor), b: describe(native), ratio: floorVsNative })
  } else {
    rows.push({ section, case: `${prefix}runner vs ${nativeName}`, a: 'skipped', note: input.unavailable })
  }
  const vsFloor = pairedRatio(runner, floor)
  rows.push({
    section, case: `${prefix}runner vs Node's floor (${caseName})`, a: describe(runner), b: describe(floor),
    ratio: vsFloor, target: `>= ${FLOOR_TARGET}x`, holds: vsFloor >= FLOOR_TARGET,
  })
  return rows
}

/**
 * How loaded the generator itself was during a step: its process's CPU time (a share of one core),
 * how much of the time its event loop was busy (event-loop utilisation) and how late the loop ran
 * its timers (event-loop delay). An open-model step whose loop is saturated starts arrivals late
 * and reads its own backlog as the target's latency: such a step says nothing about the target
 * (docs/capacity.md, "When the generator saturates").
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks'

export interface GeneratorLoad {
  /** CPU time of this process over the step's wall time: 1 is one core busy throughout. */
  cpu: number
  /** Share of the step the event loop was busy, not waiting for I/O (0..1). */
  loopBusy: number
  /** Event-loop delay, ms: its 99th percentile and its largest. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

/** At or above either share, the generator is saturated: its step cannot judge the target. */
export const SATURATED_LOOP_BUSY = 0.9
export const SATURATED_CPU = 0.9

/** Starts watching now; the returned function stops and reads what was seen. */
export function watchGenerator(): () => GeneratorLoad {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const cpuStart = process.cpuUsage()
  const loopStart: EventLoopUtilization = performance.eventLoopUtilization()
  const wallStart = performance.now()
  return () => {
    delay.disable()
    const wallUs = Math.max(1, (performance.now() - wallStart) * 1000)
    const cpu = process.cpuUsage(cpuStart)
    const loop = performance.eventLoopUtilization(loopStart)
    return {
      cpu: (cpu.user + cpu.system) / wallUs,
      loopBusy: loop.utilization,
      // The histogram counts nanoseconds; with no sample yet its percentiles read 0.
      loopDelayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : 0,
      loopDelayMaxMs: delay.count > 0 ? delay.max / 1e6 : 0,
    }
  }
}

/** Whether the generator, not the target, was the limit of a step. */
export function generatorSaturated(load: GeneratorLoad): boolean {
  return load.loopBusy >= SATURATED_LOOP_BUSY || load.cpu >= SATURATED_CPU
}

import type { StepStore } from './step-store.ts'

/**
 * An in-process store for tests and quick runs. Keeps the same per-hour
 * records and per-day summary as the SQLite schema, so it answers identically.
 */
export function createMemoryStore(): StepStore {
  const hourly = new Map<string, number>()
  const daily = new Map<number, Map<number, number>>()

  return {
    name: 'memory',
    record(userId, day, interval, steps) {
      const hourKey = `${userId}/${day}/${interval}`
      hourly.set(hourKey, (hourly.get(hourKey) ?? 0) + steps)
      let days = daily.get(userId)
      if (!days) daily.set(userId, (days = new Map()))
      days.set(day, (days.get(day) ?? 0) + steps)
    },
    current(userId) {
      const days = daily.get(userId)
      if (!days) return undefined
      let latest = -1
      for (const day of days.keys()) if (day > latest) latest = day
      return days.get(latest)
    },
    day(userId, day) {
      const days = daily.get(userId)
      return days ? (days.get(day) ?? 0) : undefined
    },
    range(userId, startDay, numDays) {
      const days = daily.get(userId)
      if (!days) return undefined
      return Array.from({ length: numDays }, (_, i) => days.get(startDay + i) ?? 0)
    },
    async close() {
      hourly.clear()
      daily.clear()
    },
  }
}

/**
 * Waits for a condition that raises no event (a process's state in /proc, a pid gone): checks it
 * every `everyMs` until it holds or `timeoutMs` has passed, and says which. Where the code or
 * a server emits an event, wait for that instead.
 */
export async function waitUntil(condition: () => boolean, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const until = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() >= until) return false
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return true
}

// Polls until a probe returns something (not undefined), bounded by a timeout, so a test waits for
// what it means (a job finished, a stack settled) rather than for a fixed time. Vitest's own
// `vi.waitFor` does the polling; this names what was awaited when it times out.
import { vi } from 'vitest';

export function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, intervalMs = 10): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
      return value;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}

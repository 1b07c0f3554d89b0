// Helpers shared by the integrations-*.test.ts files: the failed result's error, checked for the
// canary secret in every text it carries, and a bounded wait for the stand-in's request log.
import { expect, vi } from 'vitest';
import type { IntegrationError } from '@/lib/integrations/errors';

/** The error of a failed test-connection result, asserting the canary appears in none of its texts. */
export function failureOf(result: { ok: true } | { ok: false; error: IntegrationError }, canary: string): IntegrationError {
  if (result.ok) throw new Error('expected the test to fail');
  const { error } = result;
  for (const text of [error.message, error.cause, error.hint, String(error.code), JSON.stringify(error), String(error.stack)]) expect(text).not.toContain(canary);
  return error;
}

/** Retries an assertion for up to three seconds (a stand-in logs a dropped request once it notices). */
export async function eventually(check: () => void): Promise<void> {
  await vi.waitFor(check, { timeout: 3_000, interval: 25 });
}

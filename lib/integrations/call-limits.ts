// The bounds every adapter call lives within (ARCHITECTURE Rule 4): at most 10 s per API call,
// at most 30 s for a whole test, an AbortSignal honoured everywhere, and a few jittered retries
// for idempotent calls that were throttled or hit a 5xx. Whether a stop was the deadline or the
// user's Cancel is read from the signal's reason: AbortSignal.timeout() aborts with a
// `TimeoutError`, anything else counts as a cancel.
import { IntegrationError, type IntegrationProvider, type IntegrationStep } from './errors';

export const CALL_TIMEOUT_MS = 10_000;
export const OVERALL_TIMEOUT_MS = 30_000;

export interface CallOptions {
  /** Aborts the call (Cancel, or the caller's overall deadline). */
  signal?: AbortSignal;
  /** The caller's whole budget: no single API call is given more than this (nor more than 10 s). */
  timeoutMs?: number;
}

/** How long one API call may take under these options. */
export function callTimeout(options: CallOptions): number {
  return Math.max(1, Math.min(options.timeoutMs ?? CALL_TIMEOUT_MS, CALL_TIMEOUT_MS));
}

/** A signal that stops one API call: the caller's signal or this call's own deadline, whichever comes first. */
export function callSignal(options: CallOptions): AbortSignal {
  const deadline = AbortSignal.timeout(callTimeout(options));
  return options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
}

export function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/** The error for a call stopped by its signal: `timeout` for a deadline, `cancelled` otherwise. */
export function stoppedError(signal: AbortSignal, provider: IntegrationProvider, step?: IntegrationStep): IntegrationError {
  const timedOut = isTimeoutReason(signal.reason);
  return new IntegrationError({ provider, failureClass: timedOut ? 'timeout' : 'cancelled', step });
}

/** Throws the stop error at once when the signal has already fired. */
export function throwIfStopped(signal: AbortSignal | undefined, provider: IntegrationProvider, step?: IntegrationStep): void {
  if (signal?.aborted) throw stoppedError(signal, provider, step);
}

/** Waits `ms`, or less when the signal fires (then it rejects with the stop error). */
export function pause(ms: number, signal: AbortSignal | undefined, provider: IntegrationProvider): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(stoppedError(signal, provider));
    const onAbort = () => {
      clearTimeout(timer);
      reject(stoppedError(signal as AbortSignal, provider));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles with `work`, or rejects with the stop error as soon as the signal fires (for SDKs that
 * take no signal: the caller must also make the SDK drop what it was doing, see `onStop`).
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal | undefined, provider: IntegrationProvider, step: IntegrationStep, onStop?: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      onStop?.();
      reject(stoppedError(signal, provider, step));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface RetryPolicy {
  /** Total attempts, the first included (at most 3). */
  attempts?: number;
  /** Backoff base: attempt n waits a random time in [0, base·2ⁿ) ("full jitter"). */
  baseDelayMs?: number;
  /** Only these failures are tried again (throttling and 5xx of an idempotent call). */
  retryable: (error: unknown) => boolean;
  signal?: AbortSignal;
  provider: IntegrationProvider;
  random?: () => number;
}

const MAX_ATTEMPTS = 3;
const MAX_DELAY_MS = 2_000;

export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const attempts = Math.min(policy.attempts ?? MAX_ATTEMPTS, MAX_ATTEMPTS);
  const base = policy.baseDelayMs ?? 200;
  const random = policy.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= attempts || !policy.retryable(error) || policy.signal?.aborted) throw error;
      await pause(Math.min(MAX_DELAY_MS, random() * base * 2 ** n), policy.signal, policy.provider);
    }
  }
}

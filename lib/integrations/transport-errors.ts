// The failures an HTTP adapter meets before any answer arrives are the same for every vendor: the
// caller stopped the call (Cancel, or its overall budget), the call's own deadline passed, or the
// network failed (DNS, TLS, refused). One mapping for them, so each client only maps its answers.
import { stoppedError, type CallOptions } from './call-limits';
import { IntegrationError, type IntegrationProvider, type IntegrationStep } from './errors';
import { networkFailure } from './network-errors';

/**
 * The error for a call that got no answer (or already failed with an IntegrationError); undefined
 * when `error` is something else (an HTTP failure the client maps itself). Points at `baseUrl`.
 */
export function unansweredCallError(error: unknown, provider: IntegrationProvider, step: IntegrationStep, options: CallOptions, secrets: readonly string[]): IntegrationError | undefined {
  if (options.signal?.aborted) return stoppedError(options.signal, provider, step);
  if (error instanceof IntegrationError) return error;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return new IntegrationError({ provider, failureClass: 'timeout', step, field: 'baseUrl', secrets });
  const network = networkFailure(error);
  if (network) return new IntegrationError({ provider, failureClass: network.failureClass, code: network.code, step, field: 'baseUrl', secrets });
  return undefined;
}

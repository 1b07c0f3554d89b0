// Failures of a warehouse bootstrap or teardown in our words. A refused statement becomes a
// 'permission' error that names what the administrator lacks for that step (never the vendor's
// text); everything else keeps the class the provider's mapper gave it, re-labelled with the step.
import { IntegrationError, isIntegrationError, type IntegrationProvider, type IntegrationStep } from '../errors';

export type WarehouseStep = Extract<IntegrationStep, 'bootstrap' | 'teardown'>;

export function permissionError(provider: IntegrationProvider, need: string, step: WarehouseStep, code: string | undefined, secrets: readonly (string | undefined)[]): IntegrationError {
  const admin = provider === 'snowflake' ? 'a user holding SYSADMIN and SECURITYADMIN (or ACCOUNTADMIN)' : 'a role with CREATEROLE that owns the database';
  return new IntegrationError({
    provider,
    failureClass: 'permission',
    code,
    field: 'username',
    step,
    cause: `The administrator credentials lack ${need}.`,
    hint: `Use ${admin}, or grant ${need} to these credentials, then deploy again.`,
    secrets,
  });
}

/** The same error, said to have happened at this step. */
export function atStep(error: IntegrationError, step: WarehouseStep): IntegrationError {
  if (error.step === step || error.failureClass === 'cancelled' || error.failureClass === 'timeout') return error;
  const { provider, failureClass, code, cause, hint, field } = error;
  return new IntegrationError({ provider, failureClass, code, cause, hint, field, step });
}

/** Worth running the whole (idempotent) bootstrap or teardown again: throttling and server-side overload. */
export function isTransient(error: unknown): boolean {
  if (!isIntegrationError(error)) return false;
  if (error.failureClass === 'throttled') return true;
  return error.failureClass === 'unavailable' && /^(HTTP 5\d\d|53300|57P03)$/.test(error.code ?? '');
}

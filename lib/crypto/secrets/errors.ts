// Failures of secret sealing, opening, rotation and key configuration. They are AppErrors with
// the INTERNAL code, so an edge shows the generic "something went wrong" text; `reason` tells the
// code path (and the log) what happened. Messages name key ids and field names at most: never a
// plaintext, a key, a data key or a piece of ciphertext, since messages end up in logs.
import { AppError } from '@/lib/errors';

export const SECRET_ERROR_REASONS = {
  /** TAPESTRY_SECRET_KEY (or a key entry) is not in the documented format. */
  KEY_SPEC_INVALID: 'The secret key configuration is invalid',
  /** The sealed secret names a key id this keyring does not hold (dropped too early, or another install's). */
  UNKNOWN_KEY: 'The secret was sealed under a key this installation does not hold',
  /** Authentication failed: a byte was changed, or the secret belongs to another org, secret or version. */
  DECRYPT_FAILED: 'The secret could not be opened',
  /** The stored value is not a sealed secret of a known format. */
  MALFORMED: 'The stored value is not a sealed secret',
  /** The org id, secret id or version given is not usable. */
  CONTEXT_INVALID: 'The secret context is invalid',
  /** The current key reached its safety limit of encryptions; a new key must become current. */
  KEY_USAGE_EXHAUSTED: 'The current secret key has reached its encryption limit; rotate the key',
} as const;

export type SecretErrorReason = keyof typeof SECRET_ERROR_REASONS;

export class SecretError extends AppError {
  override name = 'SecretError';
  constructor(
    readonly reason: SecretErrorReason,
    detail?: string,
  ) {
    super('INTERNAL', detail ? `${SECRET_ERROR_REASONS[reason]}: ${detail}` : SECRET_ERROR_REASONS[reason]);
  }
}

export function isSecretError(error: unknown, reason?: SecretErrorReason): error is SecretError {
  return error instanceof SecretError && (reason === undefined || error.reason === reason);
}

// What a Grouparoo refusal means, in our words. Grouparoo (actionhero) answers nearly every failure
// with HTTP 500 and `{ error: { message, code } }`; the message can carry SQL, option values or a
// record's data, so it is read here to sort the failure and then dropped (Rule 3): only a code
// travels on, Grouparoo's own when it is a plain word, else one of ours.
import { IntegrationError, type FailureClass, type IntegrationStep } from '../errors';

/** A non-2xx answer or an error envelope. The vendor's message stays private to this module. */
export class GrouparooRefusal extends Error {
  readonly #vendorMessage: string;

  constructor(
    readonly status: number,
    vendorMessage: string | undefined,
    /** Grouparoo's code: `AUTHENTICATION_ERROR`, `AUTHORIZATION_ERROR`, `unique violation`, … */
    readonly vendorCode: string | undefined,
  ) {
    super(`HTTP ${status}`);
    this.name = 'GrouparooRefusal';
    this.#vendorMessage = vendorMessage ?? '';
  }

  /** Whether Grouparoo's message says this (the message itself never leaves). */
  says(pattern: RegExp): boolean {
    return pattern.test(this.#vendorMessage);
  }

  /** An answer without Grouparoo's envelope: a proxy's or the server's own failure, not a verdict. */
  get bare(): boolean {
    return this.vendorCode === undefined && this.#vendorMessage === '';
  }
}

interface Known {
  says: RegExp;
  failureClass: FailureClass;
  code: string;
  cause: string;
  hint?: string;
  /** Grouparoo was busy rather than refusing: an idempotent call may be sent again. */
  transient?: boolean;
}

/** Grouparoo's messages worth telling apart, checked in order. */
const KNOWN: Known[] = [
  { says: /^cannot find /i, failureClass: 'not_found', code: 'not-found', cause: 'Grouparoo does not know this object (it may have been deleted).' },
  {
    says: /pending exports/i,
    failureClass: 'unavailable',
    code: 'pending-exports',
    cause: 'Grouparoo is still sending exports to this destination.',
    hint: 'Wait for the exports to finish, then try again.',
  },
  {
    says: /is already in use/i,
    failureClass: 'config',
    code: 'name-taken',
    cause: 'Another Grouparoo object already has this name.',
    hint: 'Remove or rename the other object in Grouparoo, then try again.',
  },
  { says: /too many pending requests|shutting down/i, failureClass: 'unavailable', code: 'busy', cause: 'Grouparoo was too busy to answer.', transient: true },
];

function known(refusal: GrouparooRefusal): Known | undefined {
  return KNOWN.find((k) => refusal.says(k.says));
}

/** Worth sending again when idempotent: throttled, or the server failed without a verdict. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof GrouparooRefusal)) return false;
  if (error.status === 429) return true;
  return error.status >= 500 && (error.bare || known(error)?.transient === true);
}

/** A plain-word code of Grouparoo's may be shown; anything else is replaced by the HTTP status. */
function codeOf(refusal: GrouparooRefusal): string {
  const code = refusal.vendorCode;
  return code && /^[A-Za-z_ ]{1,40}$/.test(code) ? code : `HTTP ${refusal.status}`;
}

export function refusalError(refusal: GrouparooRefusal, what: string, step: IntegrationStep, secrets: readonly string[]): IntegrationError {
  const base = { provider: 'grouparoo' as const, step, secrets };
  if (refusal.status === 401 || refusal.vendorCode === 'AUTHENTICATION_ERROR') {
    return new IntegrationError({ ...base, failureClass: 'auth', code: codeOf(refusal), field: 'apiKey', cause: 'Grouparoo refused the API key.', hint: 'Create an API key in Grouparoo (Settings → API Keys) and enter it again.' });
  }
  if (refusal.status === 403 || refusal.vendorCode === 'AUTHORIZATION_ERROR') {
    return new IntegrationError({ ...base, failureClass: 'permission', code: codeOf(refusal), field: 'apiKey', cause: `The Grouparoo API key may not ${what}.`, hint: 'Give the API key read and write permission on every topic.' });
  }
  if (refusal.status === 429) return new IntegrationError({ ...base, failureClass: 'throttled', code: codeOf(refusal) });
  const match = known(refusal);
  if (match) return new IntegrationError({ ...base, failureClass: match.failureClass, code: match.code, cause: `${match.cause} (while trying to ${what})`, hint: match.hint });
  if (refusal.bare) return new IntegrationError({ ...base, failureClass: refusal.status === 404 ? 'not_found' : 'unavailable', code: codeOf(refusal) });
  return new IntegrationError({
    ...base,
    failureClass: 'config',
    code: codeOf(refusal),
    cause: `Grouparoo refused to ${what}.`,
    hint: 'Check the settings Grouparoo was given (app options, destination options, mapping); Grouparoo’s log names the reason.',
  });
}

export function unexpectedShape(step: IntegrationStep): IntegrationError {
  return new IntegrationError({
    provider: 'grouparoo',
    failureClass: 'unavailable',
    code: 'unexpected-response',
    step,
    cause: 'Grouparoo answered in an unexpected shape.',
    hint: 'Check that the URL points at a Grouparoo server of version 0.9.',
  });
}

/** The failure is Grouparoo saying the object does not exist (a delete of something already gone). */
export function isNotFound(error: unknown): boolean {
  return error instanceof IntegrationError && error.provider === 'grouparoo' && error.failureClass === 'not_found';
}

/** Grouparoo refuses to delete a destination while its exports are in flight. */
export function isPendingExports(error: unknown): boolean {
  return error instanceof IntegrationError && error.provider === 'grouparoo' && error.code === 'pending-exports';
}

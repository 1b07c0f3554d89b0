// One error type for the whole app. Code paths throw AppError with a code; the edges (server
// actions, route handlers, pages) map codes to HTTP statuses and user-facing text from the
// catalogue below: what happened (title), why (cause) and what to do (action), as UX-6 asks.
// Vendor messages and stack traces never reach a user.

export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: {
    status: 401,
    title: 'Sign-in required',
    cause: 'Tapestry does not know who is asking: you are not signed in, your session ended (after 30 idle minutes, 12 hours, or signing out), or the API token is missing, revoked or expired.',
    action: 'Sign in again; your session may have expired or been ended.',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed',
    cause: 'Your role in this organization does not include this permission; the server checks it on every request, whatever the page shows.',
    action: 'Ask an owner or admin of this organization for a role that allows it.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    cause: 'Nothing with this address exists in an organization you belong to.',
    action: 'Check the link; the item may have been removed or belong to another organization.',
  },
  VALIDATION: {
    status: 422,
    title: 'Some fields need attention',
    cause: 'Some values are missing or not in the form Tapestry expects.',
    action: 'Correct the highlighted fields and try again.',
  },
  BAD_REQUEST: {
    status: 400,
    title: 'The request could not be read',
    cause: 'The request was not in a shape Tapestry can read: malformed JSON or form data, or a required part such as the organization missing.',
    action: 'Send well-formed JSON or form data of the documented shape.',
  },
  CONFLICT: {
    status: 409,
    title: 'Conflicts with the current state',
    cause: 'The change clashes with the current state: someone changed it first, it already exists, or it would break a rule such as keeping at least one owner.',
    action: 'Reload to see the latest state, then try again.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many attempts',
    cause: 'Too many attempts came in a short time; Tapestry slows and then pauses them to protect accounts from password guessing.',
    action: 'Wait a little and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Request too large',
    cause: "The request body is over Tapestry's size limit (1 MB).",
    action: 'Send a smaller request.',
  },
  CSRF: {
    status: 403,
    title: 'Request origin refused',
    cause: "The request did not come from a page of this Tapestry installation (its origin was missing or another site's), so it was refused to protect your session.",
    action: 'Submit the form from the Tapestry page itself; cross-site requests are refused.',
  },
  INTERNAL: {
    status: 500,
    title: 'Something went wrong on our side',
    cause: 'Tapestry hit a fault it did not expect, such as a lost database connection. This is not caused by anything you did.',
    action: 'Try again. If it keeps happening, give the reference below to your administrator.',
  },
} as const satisfies Record<string, { status: number; title: string; cause: string; action: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message ?? ERROR_CATALOGUE[code].title);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** A short id a user can quote; also written to the log line of the failure. */
export function newCorrelationId(): string {
  return crypto.randomUUID().slice(0, 8);
}

// One error type for the whole app. Code paths throw AppError with a code; the edges (server
// actions, route handlers, pages) map codes to HTTP statuses and user-facing text from the
// catalogue below. Vendor messages and stack traces never reach a user.

export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: {
    status: 401,
    title: 'Sign-in required',
    action: 'Sign in again; your session may have expired or been ended.',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed',
    action: 'Ask an owner or admin of this organization for a role that allows it.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    action: 'Check the link; the item may have been removed or belong to another organization.',
  },
  VALIDATION: {
    status: 422,
    title: 'Some fields need attention',
    action: 'Correct the highlighted fields and try again.',
  },
  BAD_REQUEST: {
    status: 400,
    title: 'The request could not be read',
    action: 'Send well-formed JSON or form data of the documented shape.',
  },
  CONFLICT: {
    status: 409,
    title: 'Conflicts with the current state',
    action: 'Reload to see the latest state, then try again.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many attempts',
    action: 'Wait a little and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Request too large',
    action: 'Send a smaller request.',
  },
  CSRF: {
    status: 403,
    title: 'Request origin refused',
    action: 'Submit the form from the Tapestry page itself; cross-site requests are refused.',
  },
  INTERNAL: {
    status: 500,
    title: 'Something went wrong on our side',
    action: 'Try again. If it keeps happening, give the reference below to your administrator.',
  },
} as const satisfies Record<string, { status: number; title: string; action: string }>;

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

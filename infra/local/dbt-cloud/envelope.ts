// dbt Cloud's response envelope: every JSON answer, success or failure, is
// `{status: {code, is_success, user_message, developer_message}, data}` (lists add `extra`).
// dbt Cloud sends `developer_message: null` on errors, but the official document declares it a
// required string and declares nothing nullable, so the stand-in sends "" (a client must accept both).
import { jsonResponse, type StandInResponse } from '../core/stand-in-server';

export const MESSAGES = {
  noCredentials: 'Authentication credentials were not provided.',
  invalidToken: 'Invalid token.',
  notScoped: 'Access denied: Token is not scoped to account.',
  notFound: 'The requested resource was not found. Please check that you have the proper permissions.',
  invalid: 'The request was invalid. Please double check the provided data and try again.',
  throttled: 'Request was throttled. Please try again later.',
  serverError: 'There was a server error. Please contact support!',
  tooLarge: 'Request body is too large.',
} as const;

/** Field errors as Django REST framework nests them: `{field: ["message"], nested: {field: [...]}}`. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };

export interface ListExtra {
  filters: Record<string, unknown>;
  order_by: string;
  pagination: { count: number; total_count: number };
}

function status(code: number, userMessage: string, developerMessage = '') {
  return { code, is_success: code < 400, user_message: userMessage, developer_message: developerMessage };
}

export function ok(data: unknown, code = 200): StandInResponse {
  return jsonResponse(code, { status: status(code, 'Success!'), data });
}

export function okList(data: unknown[], extra: ListExtra): StandInResponse {
  return jsonResponse(200, { status: status(200, 'Success!'), data, extra });
}

export function failure(
  code: number,
  userMessage: string,
  options: { developerMessage?: string; data?: unknown; headers?: Record<string, string> } = {},
): StandInResponse {
  return jsonResponse(code, { status: status(code, userMessage, options.developerMessage), data: options.data ?? null }, options.headers);
}

export function notFound(): StandInResponse {
  return failure(404, MESSAGES.notFound);
}

export function invalid(fields: FieldErrors, developerMessage = ''): StandInResponse {
  return failure(400, MESSAGES.invalid, { data: fields, developerMessage });
}

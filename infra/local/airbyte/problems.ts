// Airbyte's error answers, as the real server sends them (airbyte-platform @ 310e6cb6ac):
// - the public API's RFC 9457 problems (airbyte-api/problems-api/.../api-problems.yaml), thrown by
//   handlers as `AirbyteProblem` and serialised by AbstractThrowableProblemHandler;
// - `{"errorId": …}` from the platform's exception handlers (malformed JSON and bodies Jackson
//   cannot map → 422, unknown config-API ids → 404, bad client credentials → 401);
// - Micronaut's own JSON error for routing and binding failures (unknown path, wrong method,
//   a required query value missing, a path value of the wrong type, a body over the limit).
import { randomUUID } from 'node:crypto';
import { jsonResponse, type StandInResponse } from '../core/stand-in-server';

const ERRORS = 'https://reference.airbyte.com/reference/errors';

/** The problem kinds the stand-in answers with: status, type and title are constants per kind. */
export const PROBLEMS = {
  'bad-request': { status: 400, type: `${ERRORS}#bad-request`, detail: 'The request could not be understood by the server due to malformed syntax.' },
  'invalid-api-key': { status: 401, type: `${ERRORS}#invalid-api-key`, detail: 'The API key in the Authorization header is invalid.' },
  'resource-not-found': { status: 404, type: `${ERRORS}#resource-not-found`, detail: 'The requested resource could not be found.' },
  'value-not-found': { status: 400, type: ERRORS, detail: 'The submitted value could not be found.' },
  'state-conflict': { status: 409, type: `${ERRORS}#409-state-conflict`, detail: 'State conflict' },
  'try-again-later': { status: 409, type: `${ERRORS}#try-again-later`, detail: 'Please try again later.' },
  'unprocessable-entity': { status: 422, type: `${ERRORS}#unprocessable-entity`, detail: 'The body of the request was not understood' },
  'unexpected-problem': {
    status: 500,
    type: ERRORS,
    detail: 'An unexpected problem has occurred. If this is an error that needs to be addressed, please submit a pull request or github issue.',
  },
  'service-unavailable': { status: 503, type: ERRORS, detail: 'The server is currently unable to handle the request.' },
} as const;

export type ProblemTitle = keyof typeof PROBLEMS;

/** Thrown by handlers; the adapter turns it into the problem response. */
export class AirbyteProblem extends Error {
  override name = 'AirbyteProblem';
  constructor(
    readonly title: ProblemTitle,
    readonly data?: Record<string, string>,
    readonly status: number = PROBLEMS[title].status,
  ) {
    super(data?.message ?? PROBLEMS[title].detail);
  }
}

/**
 * Thrown for failures the platform answers with a bare error id: bad client credentials (401), a
 * bean-validation bound broken (400), an unknown config-API id (404), a body Jackson cannot parse or
 * map (422).
 */
export class ErrorIdFailure extends Error {
  override name = 'ErrorIdFailure';
  constructor(
    readonly status: 400 | 401 | 404 | 422,
    reason: string,
  ) {
    super(reason);
  }
}

/** Thrown for failures Micronaut itself answers (before Airbyte's code runs). */
export class MicronautFailure extends Error {
  override name = 'MicronautFailure';
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function notFound(resourceType: string, resourceId: string): AirbyteProblem {
  return new AirbyteProblem('resource-not-found', { resourceType, resourceId });
}

export function problemResponse(problem: AirbyteProblem): StandInResponse {
  const base = PROBLEMS[problem.title];
  const body: Record<string, unknown> = { status: problem.status, type: base.type, title: problem.title, detail: base.detail };
  if (problem.data) body.data = problem.data;
  return jsonResponse(problem.status, body);
}

export function errorIdResponse(status: number): StandInResponse {
  return jsonResponse(status, { errorId: randomUUID() });
}

export function micronautResponse(failure: MicronautFailure, path: string): StandInResponse {
  return jsonResponse(failure.status, {
    message: failure.reason,
    _links: { self: { href: path, templated: false } },
    _embedded: { errors: [{ message: failure.detail }] },
  });
}

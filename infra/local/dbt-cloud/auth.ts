// dbt Cloud accepts a personal or service token as `Authorization: Token <t>` or, equivalently,
// `Authorization: Bearer <t>`. No header → 401 "credentials were not provided"; a wrong token →
// 401 "Invalid token."; a good token used on another account's path → 403 (never 404).
import { timingSafeEqual } from 'node:crypto';
import type { StandInRequest, StandInResponse } from '../core/stand-in-server';
import { failure, MESSAGES } from './envelope';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The refusal for this request, or undefined when its token is the account's. */
export function authFailure(request: StandInRequest, apiToken: string): StandInResponse | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') return failure(401, MESSAGES.noCredentials, { headers: { 'www-authenticate': 'Token' } });
  const match = /^(token|bearer)\s+(\S+)\s*$/i.exec(header.trim());
  if (!match?.[2] || !sameSecret(match[2], apiToken)) return failure(401, MESSAGES.invalidToken, { headers: { 'www-authenticate': 'Token' } });
  return undefined;
}

export function accountFailure(pathAccountId: number, accountId: number): StandInResponse | undefined {
  return pathAccountId === accountId ? undefined : failure(403, MESSAGES.notScoped);
}

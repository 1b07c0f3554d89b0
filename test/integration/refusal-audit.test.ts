// SEC-7: refusals that happen before any permission check are still recorded. A bearer token
// that is revoked, expired or unknown is refused with a log line that never carries the token,
// and, when the token names an organization, an audit row there; a cross-site state change
// refused by the proxy is logged and audited in the organization its path names.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actorFromToken } from '@/lib/auth/api-token';
import { reportCsrfRefusal } from '@/lib/http/csrf-refusal';
import { logger } from '@/lib/logger';
import { createApiToken, revokeApiToken } from '@/lib/services/api-tokens';
import { db } from '@/lib/db';
import { anotherOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';

const warn = vi.spyOn(logger, 'warn');
afterAll(() => warn.mockRestore());

let org: TestOrg;
let lastAuditId = 0n;
beforeAll(async () => {
  org = await anotherOrg('Refusals');
});

/** Audit rows written since the previous call. */
async function newAuditRows() {
  const rows = await ownerDb().auditEvent.findMany({ where: { id: { gt: lastAuditId } }, orderBy: { id: 'asc' } });
  lastAuditId = rows.at(-1)?.id ?? lastAuditId;
  return rows;
}

const apiCall = (token: string) =>
  new Request('http://localhost:3000/api/v1/me', {
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'refusal-test/1.0', 'x-forwarded-for': '198.51.100.77' },
  });

/** Every warn-level log line since the last call, as one string, to search for leaks. */
function loggedSince(): { events: unknown[]; text: string } {
  const calls = warn.mock.calls.map((c) => c[0] as unknown);
  warn.mockClear();
  return { events: calls.map((c) => (c as { event?: string }).event), text: JSON.stringify(calls) };
}

describe('refused API tokens', () => {
  it('a revoked or expired token is refused, logged without the token, and audited in its organization', async () => {
    const revoked = await createApiToken(org.owner, { name: 'old script', scopes: ['org:read'], expiresInDays: 30 });
    await revokeApiToken(org.owner, revoked.id);
    const expired = await createApiToken(org.owner, { name: 'short-lived', scopes: ['org:read'], expiresInDays: 1 });
    await ownerDb().apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await newAuditRows();
    warn.mockClear();

    for (const [token, reason, id] of [
      [revoked.token, 'revoked', revoked.id],
      [expired.token, 'expired', expired.id],
    ] as const) {
      await expect(actorFromToken(apiCall(token))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const logged = loggedSince();
      expect(logged.events).toEqual(['api_token.refused']);
      expect(logged.text).toContain(reason);
      expect(logged.text).not.toContain(token);
      const rows = await newAuditRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        orgId: org.orgId,
        actorUserId: org.owner.userId,
        action: 'api_token.refused',
        targetType: 'api_token',
        targetId: id,
        outcome: 'DENIED',
        ip: '198.51.100.77',
        userAgent: 'refusal-test/1.0',
        metadata: { reason, method: 'GET', path: '/api/v1/me' },
      });
      expect(JSON.stringify(rows[0]!.metadata)).not.toContain(token);
    }
  });

  it('an unknown or malformed token is refused and logged, with no organization to audit it in', async () => {
    await newAuditRows();
    warn.mockClear();
    const unknown = `tap_${'A'.repeat(43)}`;
    for (const token of [unknown, 'not-a-token']) {
      await expect(actorFromToken(apiCall(token))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const logged = loggedSince();
    expect(logged.events).toEqual(['api_token.refused', 'api_token.refused']);
    expect(logged.text).not.toContain(unknown);
    expect(logged.text).not.toContain('not-a-token');
    expect(await newAuditRows()).toEqual([]);
  });
});

describe('refused cross-site requests', () => {
  const refused = (pathname: string) => ({
    method: 'POST',
    pathname,
    headers: new Headers({ origin: 'null', 'user-agent': 'victim-browser', 'x-forwarded-for': '198.51.100.78', cookie: 'next-auth.session-token=secret-cookie' }),
  });

  it('are logged without the cookie and audited in the organization the path names, for its member', async () => {
    const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: org.owner.userId }, select: { sessionVersion: true } });
    await newAuditRows();
    warn.mockClear();
    await reportCsrfRefusal(refused(`/${org.slug}/settings/members`), { sub: org.owner.userId, sv: sessionVersion });
    const logged = loggedSince();
    expect(logged.events).toEqual(['csrf.refused']);
    expect(logged.text).not.toContain('secret-cookie');
    const rows = await newAuditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId: org.orgId,
      actorUserId: org.owner.userId,
      action: 'csrf.refused',
      targetType: 'route',
      targetId: `/${org.slug}/settings/members`,
      outcome: 'DENIED',
      ip: '198.51.100.78',
      userAgent: 'victim-browser',
      metadata: { method: 'POST', origin: 'null' },
    });
  });

  it('are only logged without a live session, outside an organization, or for a non-member', async () => {
    const outsider = await anotherOrg('Outsider');
    const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: outsider.owner.userId }, select: { sessionVersion: true } });
    await newAuditRows();
    warn.mockClear();
    await reportCsrfRefusal(refused(`/${org.slug}/settings/members`), null);
    await reportCsrfRefusal(refused('/api/auth/signout'), { sub: org.owner.userId, sv: 1 });
    await reportCsrfRefusal(refused(`/${org.slug}/settings/members`), { sub: outsider.owner.userId, sv: sessionVersion });
    await reportCsrfRefusal(refused(`/${org.slug}/settings/members`), { sub: org.owner.userId, sv: 999 }); // signed out since
    expect(loggedSince().events).toEqual(['csrf.refused', 'csrf.refused', 'csrf.refused', 'csrf.refused']);
    expect(await newAuditRows()).toEqual([]);
  });
});

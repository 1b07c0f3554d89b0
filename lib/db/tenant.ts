// Row-level tenant isolation from the app's side (SEC-8). Tenant tables (memberships,
// invitations, API tokens, the audit log) answer the app role only inside a transaction that
// says whose rows it may see (prisma/migrations/*_app_role_and_tenant_isolation). The app still
// scopes every query by organization itself; these policies catch the query that forgets.
import type { Prisma } from '@/lib/generated/prisma/client';
import { db } from '@/lib/db';

export type Tx = Prisma.TransactionClient;

/** Runs `work` in a transaction that sees one organization's rows only. */
export function inOrg<T>(orgId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('tapestry.org_id', ${orgId}, true)`;
    return work(tx);
  });
}

/**
 * Runs `work` in a transaction that sees every organization's rows. Only for look-ups that
 * find the organization in the first place (a signing-in user's memberships, a token or an
 * invitation by its hash), first-run setup, and the global audit chain.
 */
export function acrossOrgs<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('tapestry.scope', 'all', true)`;
    return work(tx);
  });
}

/** Inside an open transaction, runs `work` seeing every organization, then narrows back. */
export async function withAllOrgs<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const [before] = await tx.$queryRaw<Array<{ scope: string | null }>>`SELECT current_setting('tapestry.scope', true) AS scope`;
  await tx.$executeRaw`SELECT set_config('tapestry.scope', 'all', true)`;
  const result = await work();
  await tx.$executeRaw`SELECT set_config('tapestry.scope', ${before?.scope ?? ''}, true)`;
  return result;
}

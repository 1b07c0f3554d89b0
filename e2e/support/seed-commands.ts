// What tests may seed directly. Organizations beyond the first cannot be made through the UI
// (first-run setup is one-time), so the authorization matrix creates its "other organization" here.
import type { Role } from '@/lib/generated/prisma/enums';
import { db } from '@/lib/db';
import { ownerDb } from '../../test/support/owner-db';
import { newId } from '@/lib/ids';
import { slugify } from '@/lib/slug';
import { hashPassword } from '@/lib/auth/password';
import { actorFor, matrixTargets, matrixWorld, sessionCookie } from './matrix-world';
import { crossOrgWorld } from './cross-org-world';
import { canaryPipelines } from './canary-pipelines';

export interface SeedUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

export const seedCommands = {
  /** An organization with members; returns ids by email. */
  async organization(input: { name: string; members: SeedUser[] }) {
    const org = await db().organization.create({ data: { id: newId(), name: input.name, slug: slugify(input.name) } });
    const members = await seedCommands.addMembers({ orgId: org.id, members: input.members });
    return { orgId: org.id, slug: org.slug, members };
  },

  /** Users (created if new) added to an organization; returns ids by email. */
  async addMembers(input: { orgId: string; members: SeedUser[] }) {
    const org = { id: input.orgId };
    const members: Record<string, { userId: string; membershipId: string }> = {};
    for (const m of input.members) {
      const user = await db().user.upsert({
        where: { email: m.email },
        create: { id: newId(), email: m.email, name: m.name, passwordHash: await hashPassword(m.password) },
        update: {},
        select: { id: true },
      });
      const membership = await ownerDb().membership.create({ data: { id: newId(), orgId: org.id, userId: user.id, role: m.role } });
      members[m.email] = { userId: user.id, membershipId: membership.id };
    }
    return members;
  },

  matrixWorld: (input: { pipelines?: boolean } | undefined) => matrixWorld(input ?? {}),
  crossOrgWorld: () => crossOrgWorld(),

  /** A session cookie of `email` whose sign-in happened `ageSeconds` ago. */
  async agedSession(input: { email: string; ageSeconds: number }) {
    const user = await db().user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true } });
    return sessionCookie(user.id, input.ageSeconds);
  },
  matrixTargets: (input: Parameters<typeof matrixTargets>[0]) => matrixTargets(input),
  /** Pipelines whose every credential is a canary value, owned by the organization's `ownerEmail`. */
  canaryPipelines: async (input: { orgId: string; ownerEmail: string }) => canaryPipelines(await actorFor(input.orgId, input.ownerEmail)),

  /**
   * Breaks (or mends) the database under the running app by renaming the membership table, so
   * the outage spec can see how unexpected server faults reach a person. Only that spec uses it.
   */
  async membershipTable(input: { offline: boolean }) {
    const [from, to] = input.offline ? ['membership', 'membership_offline'] : ['membership_offline', 'membership'];
    // Idempotent, so a spec can always mend in its clean-up.
    await ownerDb().$executeRawUnsafe(`DO $$ BEGIN IF to_regclass('public.${from}') IS NOT NULL THEN ALTER TABLE "${from}" RENAME TO "${to}"; END IF; END $$`);
    return { table: to };
  },

  /** Read-only SQL for assertions (audit rows, hashes); never used to change state behind the app. */
  async query(input: { sql: string; params?: unknown[] }) {
    if (!/^\s*(select|with)\b/i.test(input.sql)) throw new Error('seed query is read-only');
    return ownerDb().$queryRawUnsafe<Record<string, unknown>[]>(input.sql, ...(input.params ?? []));
  },
};

export type SeedCommands = typeof seedCommands;
export type SeedCommand = keyof SeedCommands;

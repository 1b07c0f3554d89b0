// Builds organizations, members and actors through the real services and the real schema, so
// integration tests start from states the product itself can reach.
import { randomBytes } from 'node:crypto';
import type { Role } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/authz/actor';
import { db } from '@/lib/db';
import { newId } from '@/lib/ids';
import { hashPassword } from '@/lib/auth/password';
import { completeFirstRunSetup } from '@/lib/services/setup';
import { ownerDb } from './owner-db';

export const PASSWORD = 'violet anchor drifting quietly home';
export const REQ = { ip: '203.0.113.7', userAgent: 'vitest' };

const unique = () => randomBytes(4).toString('hex');

export interface TestOrg {
  orgId: string;
  slug: string;
  name: string;
  owner: Actor;
  /** Adds a member with the role and returns their actor. */
  member(role: Role): Promise<Actor & { membershipId: string }>;
}

function actorOf(org: { id: string; slug: string; name: string }, user: { id: string; email: string; name: string }, role: Role): Actor {
  return { kind: 'session', userId: user.id, email: user.email, name: user.name, orgId: org.id, orgSlug: org.slug, orgName: org.name, role, ...REQ };
}

async function addMember(org: { id: string; slug: string; name: string }, role: Role) {
  const email = `${role.toLowerCase()}-${unique()}@example.com`;
  const user = await db().user.create({
    data: { id: newId(), email, name: `${role} ${unique()}`, passwordHash: await hashPassword(PASSWORD) },
    select: { id: true, email: true, name: true },
  });
  const membership = await ownerDb().membership.create({ data: { id: newId(), orgId: org.id, userId: user.id, role } });
  return { ...actorOf(org, user, role), membershipId: membership.id };
}

/** The installation's first organization, made through first-run setup. */
export async function firstRunOrg(): Promise<TestOrg> {
  const email = `owner-${unique()}@example.com`;
  const { orgSlug, userId } = await completeFirstRunSetup({ orgName: `Acme ${unique()}`, name: 'Olive Owner', email, password: PASSWORD }, REQ);
  return wrap(await db().organization.findUniqueOrThrow({ where: { slug: orgSlug } }), { id: userId, email, name: 'Olive Owner' });
}

/** Any further organization (setup is one-time, so these are created directly). */
export async function anotherOrg(label = 'Other'): Promise<TestOrg> {
  const name = `${label} ${unique()}`;
  const org = await db().organization.create({ data: { id: newId(), name, slug: name.toLowerCase().replace(/\s+/g, '-') } });
  const owner = await addMember(org, 'OWNER');
  return wrap(org, { id: owner.userId, email: owner.email, name: owner.name });
}

function wrap(org: { id: string; slug: string; name: string }, owner: { id: string; email: string; name: string }): TestOrg {
  return {
    orgId: org.id,
    slug: org.slug,
    name: org.name,
    owner: actorOf(org, owner, 'OWNER'),
    member: (role) => addMember(org, role),
  };
}

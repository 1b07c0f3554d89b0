// Fixtures for the authorization matrix, made with the real services: an organization with one
// member per role, a member of another organization, a removed member whose cookie outlived the
// removal, session cookies minted exactly as next-auth mints them, and fresh targets per cell.
import { randomBytes } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import type { Role } from '@/lib/generated/prisma/enums';
import { permissionsOf } from '@/lib/authz/permissions';
import type { Actor } from '@/lib/authz/actor';
import { db } from '@/lib/db';
import { ownerDb } from '../../test/support/owner-db';
import { env } from '@/lib/env';
import { createApiToken } from '@/lib/services/api-tokens';
import { createInvitation } from '@/lib/services/invitations';
import { removeMember } from '@/lib/services/members';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { updateDraft } from '@/lib/services/pipelines/update-draft';
import { IDLE_TIMEOUT_SECONDS } from '@/lib/auth/session-policy';
import { seedCommands } from './seed-commands';
import type { Caller } from './callers';
import { PASSWORD } from './password';
import { pipelineTargets, type PipelineTargets } from './pipeline-targets';
import { deployedTargets, type DeployedTargets } from './deployed-targets';

const ROLE_OF: Partial<Record<Caller, Role>> = { viewer: 'VIEWER', editor: 'EDITOR', admin: 'ADMIN', owner: 'OWNER' };

/** A session cookie as next-auth mints it at sign-in, optionally for a sign-in `ageSeconds` ago. */
export async function sessionCookie(userId: string, ageSeconds = 0): Promise<string> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  const value = await encode({
    token: { sub: userId, sv: user.sessionVersion, authTime: Math.floor(Date.now() / 1000) - ageSeconds },
    secret: env().NEXTAUTH_SECRET,
    maxAge: IDLE_TIMEOUT_SECONDS,
  });
  return `next-auth.session-token=${value}`;
}

/** The session actor of the member `email` in `orgId`, for seeding through the real services. */
export async function actorFor(orgId: string, email: string): Promise<Actor> {
  const m = await ownerDb().membership.findFirstOrThrow({ where: { orgId, user: { email } }, include: { user: true, org: true } });
  return { kind: 'session', userId: m.userId, email, name: m.user.name, orgId, orgSlug: m.org.slug, orgName: m.org.name, role: m.role, ip: '127.0.0.1', userAgent: 'authz-matrix' };
}

export interface RouteTargets {
  completeId: string;
  sandboxDraftId: string;
  activeId: string;
  queuedRunId: string;
  failedRunId: string;
  failedDeploymentId: string;
  failedDeploymentPipelineId: string;
}

export interface MatrixWorld {
  orgSlug: string;
  /** Sign-in addresses per caller that has an account (password PASSWORD). */
  emails: Partial<Record<Caller, string>>;
  orgId: string;
  otherOrgSlug: string;
  cookies: Record<Caller, string | null>;
  /** API tokens per caller, each with every permission of its member's role; null where the caller has none. */
  tokens: Record<Caller, string | null>;
  /**
   * For the routes: a complete pipeline (exportable), a draft whose target is the sandbox, an
   * active pipeline with a queued run, a failed run and a failed (finished) deployment.
   */
  pipelines: RouteTargets;
}

/** `pipelines: false` leaves the organization without pipelines (for the empty-state spec). */
export async function matrixWorld(input: { pipelines?: boolean } = {}): Promise<MatrixWorld> {
  const tag = randomBytes(3).toString('hex');
  const mk = (role: Role, who: string) => ({ email: `${who}-${tag}@matrix.example`, name: `${who} ${tag}`, password: PASSWORD, role });
  const people = { viewer: mk('VIEWER', 'viewer'), editor: mk('EDITOR', 'editor'), admin: mk('ADMIN', 'admin'), owner: mk('OWNER', 'owner'), removedMember: mk('EDITOR', 'removed') };
  const org = await seedCommands.organization({ name: `Matrix ${tag}`, members: Object.values(people) });
  const other = await seedCommands.organization({ name: `Elsewhere ${tag}`, members: [mk('ADMIN', 'other-admin')] });

  const cookies = { anonymous: null } as Record<Caller, string | null>;
  const tokens = { anonymous: null } as Record<Caller, string | null>;
  for (const [caller, person] of Object.entries(people) as Array<[Caller, { email: string; role: Role }]>) {
    cookies[caller] = await sessionCookie(org.members[person.email]!.userId);
    // Each token carries every permission its member has, so the route cells test the role.
    tokens[caller] = (await createApiToken(await actorFor(org.orgId, person.email), { name: 'matrix', scopes: permissionsOf(person.role), expiresInDays: 1 })).token;
  }
  const otherEmail = Object.keys(other.members)[0]!;
  cookies.otherOrgAdmin = await sessionCookie(other.members[otherEmail]!.userId);
  tokens.otherOrgAdmin = (await createApiToken(await actorFor(other.orgId, otherEmail), { name: 'matrix', scopes: permissionsOf('ADMIN'), expiresInDays: 1 })).token;
  // Removal ends the removed member's sessions and tokens; their old credentials stay in hand.
  await removeMember(await actorFor(org.orgId, people.owner.email), org.members[people.removedMember.email]!.membershipId);
  const emails = Object.fromEntries(Object.entries(people).map(([caller, p]) => [caller, p.email]));
  const pipelines = input.pipelines === false ? NO_PIPELINES : await sessionRoutePipelines(await actorFor(org.orgId, people.owner.email), tag);
  return { orgSlug: org.slug, orgId: org.orgId, otherOrgSlug: other.slug, emails, cookies, tokens, pipelines };
}

export interface CellTargets extends PipelineTargets {
  /** A VIEWER membership to change or remove. */
  membershipId: string;
  /** A pending invitation to revoke. */
  invitationId: string;
  /** The raw token of a pending invitation to accept, and the address it was sent to. */
  invitationToken: string;
  invitationEmail: string;
  /** An API token of the owner, i.e. someone else's for every other caller. */
  apiTokenId: string;
  /** A fresh address to invite. */
  email: string;
  /** Cookie and address of a fresh member with the caller's role, for "leave the organization". */
  leaverCookie: string | null;
  leaverEmail: string | null;
  /** Deployed pipelines, deployments and runs, for the cells that asked for them. */
  deployed?: DeployedTargets;
}

const NO_PIPELINES: RouteTargets = { completeId: '', sandboxDraftId: '', activeId: '', queuedRunId: '', failedRunId: '', failedDeploymentId: '', failedDeploymentPipelineId: '' };

async function sessionRoutePipelines(owner: Actor, tag: string): Promise<RouteTargets> {
  const targets = await pipelineTargets(owner, tag);
  const sandboxDraft = await createPipeline(owner, { name: 'Sandbox draft', slug: `sandbox-${tag}` });
  await updateDraft(owner, { id: sandboxDraft.id, version: 1, step: 'target', parts: { target: { kind: 'sandbox' } } });
  const deployed = await deployedTargets(owner);
  return {
    completeId: targets.completePipelineId,
    sandboxDraftId: sandboxDraft.id,
    activeId: deployed.activePipelineId,
    queuedRunId: deployed.queuedRunId,
    failedRunId: deployed.failedRunId,
    failedDeploymentId: deployed.failedDeploymentId,
    failedDeploymentPipelineId: deployed.retryPipelineId,
  };
}

/** One fresh set of targets per caller, so an allowed call in one cell cannot starve another. */
export async function matrixTargets(input: { orgId: string; callers: Caller[]; deployed?: boolean }): Promise<Record<Caller, CellTargets>> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: input.orgId } });
  const ownerM = await ownerDb().membership.findFirstOrThrow({ where: { orgId: org.id, role: 'OWNER' }, include: { user: true } });
  const owner = await actorFor(org.id, ownerM.user.email);
  const out = {} as Record<Caller, CellTargets>;
  for (const caller of input.callers) {
    const tag = randomBytes(4).toString('hex');
    const added = await seedCommands.addMembers({ orgId: org.id, members: [{ email: `target-${tag}@matrix.example`, name: `Target ${tag}`, password: PASSWORD, role: 'VIEWER' }] });
    const revocable = await createInvitation(owner, `revocable-${tag}@matrix.example`, 'VIEWER');
    const invitationEmail = `joiner-${tag}@matrix.example`;
    const acceptable = await createInvitation(owner, invitationEmail, 'VIEWER');
    const token = await createApiToken(owner, { name: `owner ${tag}`, scopes: ['org:read'], expiresInDays: 1 });
    const role = ROLE_OF[caller];
    let leaverCookie: string | null = null;
    let leaverEmail: string | null = null;
    if (role) {
      leaverEmail = `leaver-${tag}@matrix.example`;
      const leaver = await seedCommands.addMembers({ orgId: org.id, members: [{ email: leaverEmail, name: `Leaver ${tag}`, password: PASSWORD, role }] });
      leaverCookie = await sessionCookie(Object.values(leaver)[0]!.userId);
    }
    out[caller] = {
      membershipId: Object.values(added)[0]!.membershipId,
      invitationId: revocable.id,
      invitationToken: acceptable.link.split('/invite/')[1]!,
      invitationEmail,
      apiTokenId: token.id,
      email: `invitee-${tag}@matrix.example`,
      leaverCookie,
      leaverEmail,
      ...(await pipelineTargets(owner, tag)),
      ...(input.deployed ? { deployed: await deployedTargets(owner) } : {}),
    };
  }
  return out;
}

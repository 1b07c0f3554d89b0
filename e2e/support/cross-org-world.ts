// Two organizations for the cross-organization spec (SEC-8): A, whose owner does the calling,
// and B, whose members, invitations and token carry a canary string in their names and
// addresses, so any trace of B in a response to A is easy to spot.
import { randomBytes } from 'node:crypto';
import { permissionsOf } from '@/lib/authz/permissions';
import { createApiToken } from '@/lib/services/api-tokens';
import { createInvitation } from '@/lib/services/invitations';
import { actorFor, type CellTargets, sessionCookie } from './matrix-world';
import { PASSWORD } from './password';
import { pipelineTargets } from './pipeline-targets';
import { deployedTargets } from './deployed-targets';
import type { PageIds } from './route-inventory';
import { seedCommands } from './seed-commands';

export interface CrossOrgWorld {
  /** Org A: its slug, its owner's session cookie, an API token (every permission) of that owner, and a pipeline, run and deployment of A. */
  a: { slug: string; ownerCookie: string; ownerToken: string; pages: PageIds };
  /** Org B: its slug and id, its owner's cookie (for the control), and object ids to aim A's calls at. */
  b: { slug: string; orgId: string; ownerCookie: string; targets: CellTargets };
  /** In every name and (lower-cased) address of B; never in a response to A. */
  canary: string;
}

export async function crossOrgWorld(): Promise<CrossOrgWorld> {
  const tag = randomBytes(4).toString('hex');
  const canary = `CANARY_B_${tag}`;
  const ownerA = { email: `owner-a-${tag}@a.example`, name: `Owner A ${tag}`, password: PASSWORD, role: 'OWNER' as const };
  const a = await seedCommands.organization({ name: `Cross A ${tag}`, members: [ownerA] });
  const bPerson = (who: string, role: 'OWNER' | 'VIEWER') => ({ email: `${canary}.${who}@b.example`.toLowerCase(), name: `${canary} ${who}`, password: PASSWORD, role });
  const ownerB = bPerson('owner', 'OWNER');
  const viewerB = bPerson('viewer', 'VIEWER');
  // The slug lower-cases and dashes the name, so it never contains the canary itself.
  const b = await seedCommands.organization({ name: `${canary} Org`, members: [ownerB, viewerB] });

  const bOwner = await actorFor(b.orgId, ownerB.email);
  const invitationEmail = `${canary}.joiner@b.example`.toLowerCase();
  const revocable = await createInvitation(bOwner, `${canary}.revocable@b.example`.toLowerCase(), 'VIEWER');
  const acceptable = await createInvitation(bOwner, invitationEmail, 'VIEWER');
  const bToken = await createApiToken(bOwner, { name: `${canary} token`, scopes: ['org:read'], expiresInDays: 1 });
  const bPipelines = await pipelineTargets(bOwner, tag, `${canary} pipeline`);
  const bDeployed = await deployedTargets(bOwner);

  const aOwner = await actorFor(a.orgId, ownerA.email);
  // Every permission, so a refusal can only come from B's objects being out of reach.
  const aToken = await createApiToken(aOwner, { name: 'cross-org', scopes: permissionsOf('OWNER'), expiresInDays: 1 });
  const aPipelines = await pipelineTargets(aOwner, tag, 'A pipeline');
  const aDeployed = await deployedTargets(aOwner);
  return {
    a: {
      slug: a.slug,
      ownerCookie: await sessionCookie(aOwner.userId),
      ownerToken: aToken.token,
      pages: { pipelineId: aPipelines.pipelineId, runId: aDeployed.queuedRunId, deploymentId: aDeployed.failedDeploymentId },
    },
    b: {
      slug: b.slug,
      orgId: b.orgId,
      ownerCookie: await sessionCookie(bOwner.userId),
      targets: {
        membershipId: b.members[viewerB.email]!.membershipId,
        invitationId: revocable.id,
        invitationToken: acceptable.link.split('/invite/')[1]!,
        invitationEmail,
        apiTokenId: bToken.id,
        email: `${canary}.invitee@b.example`.toLowerCase(),
        leaverCookie: null,
        leaverEmail: null,
        ...bPipelines,
        deployed: bDeployed,
      },
    },
    canary,
  };
}

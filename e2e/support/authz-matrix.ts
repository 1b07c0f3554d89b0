// The authorization matrix (SEC-4): every server action and API route, the permission from
// lib/authz/permissions.ts it needs, and so the expected outcome for every kind of caller.
// The spec fails when the build has an action or route that is not listed here.
import { roleHas, type Permission } from '@/lib/authz/permissions';
import type { Role } from '@/lib/generated/prisma/enums';
import type { Caller } from './callers';
import type { CellTargets, MatrixWorld } from './matrix-world';
import { PASSWORD } from './password';

type Outcome = 'ALLOW' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'CONFLICT';

/** The audit row an allowed call writes (SEC-7): its action, and the target it names. */
export interface AuditExpectation {
  action: string;
  targetType: string;
  /** The target's id when the cell knows it beforehand (not for things the call creates). */
  targetId?(t: CellTargets): string;
}

interface OrgActionEntry {
  kind: 'org';
  audit: AuditExpectation;
  permission: Permission;
  /** What a member without the permission gets; NOT_FOUND where the target is invisible to them. */
  deniedAs?: Outcome;
  /** The caller acts as a fresh member of their role (actions on oneself, like leaving). */
  asLeaver?: boolean;
  /** The cell needs deployed pipelines, deployments and runs (e2e/support/deployed-targets.ts). */
  deployed?: boolean;
  fields(t: CellTargets, w: Pick<MatrixWorld, 'orgSlug'>): Record<string, string>;
}

interface PublicActionEntry {
  kind: 'public';
  audit: AuditExpectation;
  /** The same for every caller: the session plays no part. */
  outcome: Outcome;
  fields(t: CellTargets, w: Pick<MatrixWorld, 'orgSlug'>): Record<string, string>;
}

export type ActionEntry = OrgActionEntry | PublicActionEntry;

export const ACTIONS: Record<string, ActionEntry> = {
  'lib/actions/members.ts#changeRole': {
    kind: 'org',
    audit: { action: 'member.change_role', targetType: 'membership', targetId: (t) => t.membershipId },
    permission: 'members:update',
    fields: (t, w) => ({ org: w.orgSlug, id: t.membershipId, role: 'EDITOR' }),
  },
  'lib/actions/members.ts#removeMember': {
    kind: 'org',
    audit: { action: 'member.remove', targetType: 'membership', targetId: (t) => t.membershipId },
    permission: 'members:update',
    fields: (t, w) => ({ org: w.orgSlug, id: t.membershipId }),
  },
  'lib/actions/members.ts#leaveOrg': {
    kind: 'org',
    audit: { action: 'member.leave', targetType: 'membership' },
    permission: 'org:read',
    asLeaver: true,
    fields: (_t, w) => ({ org: w.orgSlug }),
  },
  'lib/actions/invitations.ts#inviteMember': {
    kind: 'org',
    audit: { action: 'invitation.create', targetType: 'invitation' },
    permission: 'members:invite',
    fields: (t, w) => ({ org: w.orgSlug, email: t.email, role: 'VIEWER' }),
  },
  'lib/actions/invitations.ts#revokeInvitation': {
    kind: 'org',
    audit: { action: 'invitation.revoke', targetType: 'invitation', targetId: (t) => t.invitationId },
    permission: 'members:invite',
    fields: (t, w) => ({ org: w.orgSlug, id: t.invitationId }),
  },
  'lib/actions/tokens.ts#createToken': {
    kind: 'org',
    audit: { action: 'token.create', targetType: 'api_token' },
    permission: 'tokens:create',
    fields: (_t, w) => ({ org: w.orgSlug, name: 'matrix token', scopes: 'org:read', expiresInDays: '7' }),
  },
  'lib/actions/tokens.ts#revokeToken': {
    kind: 'org',
    audit: { action: 'token.revoke', targetType: 'api_token', targetId: (t) => t.apiTokenId },
    // The target is the owner's token: someone else's, which only tokens:manage may even see.
    permission: 'tokens:manage',
    deniedAs: 'NOT_FOUND',
    fields: (t, w) => ({ org: w.orgSlug, id: t.apiTokenId }),
  },
  'lib/actions/pipelines.ts#createPipeline': {
    kind: 'org',
    audit: { action: 'pipeline.create', targetType: 'pipeline' },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, name: 'Matrix pipeline', slug: t.newPipelineSlug }),
  },
  'lib/actions/pipelines.ts#kickstartPipeline': {
    kind: 'org',
    audit: { action: 'pipeline.kickstart', targetType: 'pipeline' },
    permission: 'pipelines:edit',
    fields: (_t, w) => ({ org: w.orgSlug, target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }),
  },
  'lib/actions/pipelines.ts#savePipeline': {
    kind: 'org',
    audit: { action: 'pipeline.save', targetType: 'pipeline', targetId: (t) => t.completePipelineId },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, id: t.completePipelineId, version: t.completePipelineVersion }),
  },
  'lib/actions/pipelines.ts#duplicatePipeline': {
    kind: 'org',
    audit: { action: 'pipeline.duplicate', targetType: 'pipeline' },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, id: t.pipelineId }),
  },
  'lib/actions/pipelines.ts#deletePipeline': {
    kind: 'org',
    audit: { action: 'pipeline.delete', targetType: 'pipeline', targetId: (t) => t.pipelineId },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, id: t.pipelineId }),
  },
  'lib/actions/pipelines.ts#importPipeline': {
    kind: 'org',
    audit: { action: 'pipeline.import', targetType: 'pipeline' },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, yaml: t.importYaml }),
  },
  'lib/actions/pipeline-draft.ts#saveDraft': {
    kind: 'org',
    audit: { action: 'pipeline.draft.update', targetType: 'pipeline', targetId: (t) => t.pipelineId },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, id: t.pipelineId, version: t.pipelineVersion, step: 'name', parts: JSON.stringify({ name: 'Renamed by the matrix' }) }),
  },
  'lib/actions/pipeline-draft.ts#saveDraftSecret': {
    kind: 'org',
    // The value becomes a credential of the pipeline; its audit row is the credential's.
    audit: { action: 'credential.create', targetType: 'credential' },
    permission: 'pipelines:edit',
    fields: (t, w) => ({ org: w.orgSlug, id: t.pipelineId, version: t.pipelineVersion, path: 'sources[0].config.client_secret', value: 'matrix-secret-value' }),
  },
  'lib/actions/deployments.ts#requestDeploy': {
    kind: 'org',
    audit: { action: 'deployment.request', targetType: 'pipeline', targetId: (t) => t.deployed!.retryPipelineId },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.retryPipelineId }),
  },
  'lib/actions/deployments.ts#confirmDeployment': {
    kind: 'org',
    audit: { action: 'deployment.confirm', targetType: 'pipeline' },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.awaitingDeploymentId }),
  },
  'lib/actions/deployments.ts#cancelDeployment': {
    kind: 'org',
    audit: { action: 'deployment.cancel', targetType: 'pipeline' },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.awaitingDeploymentId }),
  },
  'lib/actions/deployments.ts#retryDeployment': {
    kind: 'org',
    audit: { action: 'deployment.retry', targetType: 'pipeline', targetId: (t) => t.deployed!.retryPipelineId },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.failedDeploymentId }),
  },
  'lib/actions/deployments.ts#resizeAirbyte': {
    kind: 'org',
    audit: { action: 'deployment.resize', targetType: 'pipeline', targetId: (t) => t.deployed!.activePipelineId },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.activePipelineId, instanceType: 't3.2xlarge' }),
  },
  'lib/actions/deployments.ts#tearDown': {
    kind: 'org',
    audit: { action: 'deployment.teardown', targetType: 'pipeline', targetId: (t) => t.deployed!.activePipelineId },
    permission: 'infra:deploy',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.activePipelineId, confirmName: t.deployed!.activePipelineName }),
  },
  'lib/actions/deployments.ts#pausePipeline': {
    kind: 'org',
    audit: { action: 'pipeline.pause', targetType: 'pipeline', targetId: (t) => t.deployed!.activePipelineId },
    permission: 'runs:trigger',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.activePipelineId }),
  },
  'lib/actions/deployments.ts#resumePipeline': {
    kind: 'org',
    audit: { action: 'pipeline.resume', targetType: 'pipeline', targetId: (t) => t.deployed!.pausedPipelineId },
    permission: 'runs:trigger',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.pausedPipelineId }),
  },
  'lib/actions/runs.ts#triggerRun': {
    kind: 'org',
    audit: { action: 'run.trigger', targetType: 'pipeline', targetId: (t) => t.deployed!.activePipelineId },
    permission: 'runs:trigger',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.activePipelineId }),
  },
  'lib/actions/runs.ts#cancelRun': {
    kind: 'org',
    audit: { action: 'run.cancel', targetType: 'pipeline', targetId: (t) => t.deployed!.activePipelineId },
    permission: 'runs:trigger',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.queuedRunId }),
  },
  'lib/actions/runs.ts#retryRun': {
    kind: 'org',
    audit: { action: 'run.retry', targetType: 'pipeline', targetId: (t) => t.deployed!.retryPipelineId },
    permission: 'runs:trigger',
    deployed: true,
    fields: (t, w) => ({ org: w.orgSlug, id: t.deployed!.failedRunId }),
  },
  'lib/actions/invitations.ts#acceptInvitation': {
    kind: 'public',
    audit: { action: 'invitation.accept', targetType: 'invitation' },
    outcome: 'ALLOW', // authorized by the link's token, whoever holds it
    fields: (t) => ({ token: t.invitationToken, existingAccount: 'no', name: 'New Joiner', password: PASSWORD }),
  },
  'lib/actions/setup.ts#setupOrganization': {
    kind: 'public',
    audit: { action: 'org.create', targetType: 'organization' },
    outcome: 'CONFLICT', // first-run setup is over in every installation the matrix runs on
    fields: () => ({ orgName: 'Hijack', name: 'Mallory', email: 'mallory@evil.example', password: PASSWORD }),
  },
};

const ROLE: Partial<Record<Caller, Role>> = { viewer: 'VIEWER', editor: 'EDITOR', admin: 'ADMIN', owner: 'OWNER' };

export function expectedForAction(entry: ActionEntry, caller: Caller): Outcome {
  if (entry.kind === 'public') return entry.outcome;
  if (caller === 'anonymous' || caller === 'removedMember') return 'UNAUTHENTICATED';
  if (caller === 'otherOrgAdmin') return 'NOT_FOUND'; // existence of another org never leaks
  return roleHas(ROLE[caller]!, entry.permission) ? 'ALLOW' : (entry.deniedAs ?? 'FORBIDDEN');
}

export interface RouteEntry {
  /** `GET /api/v1/me`; `session`: a route beside the pages, called with the browser's session cookie. */
  auth: 'token' | 'public' | 'next-auth' | 'session';
  permission?: Permission;
  /** A concrete URL to call for the route (dynamic segments filled). */
  path: string | ((w: Pick<MatrixWorld, 'orgSlug' | 'pipelines'>) => string);
  /** A JSON body to send (POST routes). */
  body?: unknown;
  /**
   * What an allowed caller gets when not 200: the cells aim state-changing routes at objects whose
   * state refuses the change (409), so every allowed caller meets the same answer after
   * authorization; the 2xx paths are proved by the routes' own integration tests.
   */
  allowedStatus?: number;
  /** The path names an object of the matrix organization: another organization's member finds nothing (404). */
  namesObject?: boolean;
}

export function routePath(entry: RouteEntry, w: Pick<MatrixWorld, 'orgSlug' | 'pipelines'>): string {
  return typeof entry.path === 'function' ? entry.path(w) : entry.path;
}

export const ROUTES: Record<string, RouteEntry> = {
  'GET /api/v1/me': { auth: 'token', permission: 'org:read', path: '/api/v1/me' },
  'GET /api/health': { auth: 'public', path: '/api/health' },
  // Run now on a pipeline whose run is already active answers 200 with that run (REL-5).
  'POST /api/v1/pipelines/[id]/runs': { auth: 'token', permission: 'runs:trigger', namesObject: true, path: (w) => `/api/v1/pipelines/${w.pipelines.activeId}/runs`, body: {} },
  'POST /api/v1/runs/[id]/cancel': { auth: 'token', permission: 'runs:trigger', namesObject: true, allowedStatus: 409, path: (w) => `/api/v1/runs/${w.pipelines.failedRunId}/cancel`, body: {} },
  'POST /api/v1/runs/[id]/retry': { auth: 'token', permission: 'runs:trigger', namesObject: true, allowedStatus: 409, path: (w) => `/api/v1/runs/${w.pipelines.queuedRunId}/retry`, body: {} },
  // Session routes beside the pipeline pages: the YAML download, and "Test connection" (a route
  // rather than an action so the browser's Cancel aborts the call in flight).
  'GET /[org]/pipelines/[id]/export': { auth: 'session', permission: 'org:read', path: (w) => `/${w.orgSlug}/pipelines/${w.pipelines.completeId}/export` },
  'POST /[org]/pipelines/[id]/test-connection': {
    auth: 'session',
    permission: 'pipelines:edit',
    path: (w) => `/${w.orgSlug}/pipelines/${w.pipelines.sandboxDraftId}/test-connection`,
    body: { subject: 'target' },
  },
  // The deploy page's live view; a finished deployment's stream sends what there is and ends.
  'GET /[org]/pipelines/[id]/deployments/[deploymentId]/events': {
    auth: 'session',
    permission: 'org:read',
    path: (w) => `/${w.orgSlug}/pipelines/${w.pipelines.failedDeploymentPipelineId}/deployments/${w.pipelines.failedDeploymentId}/events`,
  },
  // next-auth's own protocol endpoints (csrf, session, sign-in callback); public by design.
  'GET /api/auth/[...nextauth]': { auth: 'next-auth', path: '/api/auth/session' },
  'POST /api/auth/[...nextauth]': { auth: 'next-auth', path: '/api/auth/_log' },
};

export function expectedStatusForRoute(entry: RouteEntry, caller: Caller): number {
  if (entry.auth !== 'token' && entry.auth !== 'session') return 200;
  if (caller === 'anonymous' || caller === 'removedMember') return 401;
  // A session route names the organization in its path: another organization's member finds nothing.
  if (entry.auth === 'session') return caller === 'otherOrgAdmin' ? 404 : roleHas(ROLE[caller]!, entry.permission!) ? (entry.allowedStatus ?? 200) : 403;
  // otherOrgAdmin's token acts in their own organization, where the matrix's objects do not exist.
  if (caller === 'otherOrgAdmin' && entry.namesObject) return 404;
  const role = ROLE[caller] ?? 'ADMIN';
  return roleHas(role, entry.permission!) ? (entry.allowedStatus ?? 200) : 403;
}

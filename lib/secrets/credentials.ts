import 'server-only';
// The organization's credentials (SEC-6): named secrets, sealed before they reach the database
// and never returned. Reading the list needs credentials:read (every role); creating, replacing
// and deleting need credentials:write (owners and admins). Every change writes its audit row in
// the same transaction; audit metadata names the credential, its kind, version and fingerprint,
// never the value or anything derived from it other than that keyed fingerprint.
import { sealSecret, toCompactSecret } from '@/lib/crypto/secrets';
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { CredentialKind } from '@/lib/generated/prisma/enums';
import { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { fieldErrorsOf } from '@/lib/validation';
import { credentialInput, credentialNameField, type CredentialInput } from './credential-input';
import { appKeyring } from './keyring';
import { assertActorOrg } from './org-scope';

/** What the UI and API may show of a credential: never the value. */
export interface CredentialSummary {
  id: string;
  name: string;
  kind: CredentialKind;
  set: true;
  version: number;
  updatedAt: Date;
  /** Who last set the value; null once that user was deleted. */
  updatedBy: { name: string; email: string } | null;
  /** 12 hex digits, keyed: tells two values apart without revealing either. */
  fingerprint: string;
}

export async function listCredentials(actor: Actor, orgSlug: string): Promise<CredentialSummary[]> {
  assertActorOrg(actor, orgSlug);
  await assertCan(actor, 'credentials:read', 'credential.list');
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.credential.findMany({
      where: { orgId: actor.orgId },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, kind: true, version: true, fingerprint: true, updatedAt: true, updatedBy: { select: { name: true, email: true } } },
    }),
  );
  return rows.map((r) => ({ ...r, set: true as const }));
}

export interface PutCredentialResult {
  id: string;
  name: string;
  version: number;
  /** False when an existing credential's value was replaced. */
  created: boolean;
  fingerprint: string;
}

const changedMeanwhile = () => new AppError('CONFLICT', 'This credential was changed at the same time; reload and try again.');

/**
 * Creates the credential `name`, or replaces its value (a new version under a new data key).
 * Org-wide credentials need credentials:write; a pipeline's own ones go through
 * lib/secrets/pipeline-credentials.ts.
 */
export async function putCredential(actor: Actor, orgSlug: string, input: CredentialInput): Promise<PutCredentialResult> {
  assertActorOrg(actor, orgSlug);
  await assertCan(actor, 'credentials:write', 'credential.put');
  return storeCredential(actor, input);
}

/**
 * The write behind putCredential, for callers that have authorized it. The value is sealed before
 * the write transaction opens, so no database connection is held while the usage counter is
 * updated; the write then only succeeds if nobody replaced or created the same name meanwhile
 * (CONFLICT otherwise). `owner.pipelineId` marks a new credential as that pipeline's; `owner.check`
 * sees the existing row first and may refuse (a pipeline may not take over another's credential).
 */
export async function storeCredential(
  actor: Actor,
  input: CredentialInput,
  owner: {
    pipelineId?: string;
    check?: (existing: { pipelineId: string | null } | null) => void;
    /** Added to the audit row (e.g. the pipeline field the value is for). */
    auditMetadata?: Record<string, string>;
    /** False when the caller writes one audit row for a batch (Kickstart names every credential it sets). */
    audit?: boolean;
  } = {},
): Promise<PutCredentialResult> {
  // Parsed again although typed: an action or route may hand over what a client sent.
  const parsed = credentialInput.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', undefined, fieldErrorsOf(parsed.error));
  const { name, kind, value } = parsed.data;
  const orgId = actor.orgId;

  const existing = await inOrg(orgId, (tx) =>
    tx.credential.findUnique({ where: { orgId_name: { orgId, name } }, select: { id: true, version: true, kind: true, fingerprint: true, pipelineId: true } }),
  );
  owner.check?.(existing);
  const id = existing?.id ?? newId();
  const version = (existing?.version ?? 0) + 1;
  const sealed = await sealSecret(appKeyring(), { orgId, secretId: id, version }, value);
  const stored = { sealed: toCompactSecret(sealed), keyId: sealed.keyId, fingerprint: sealed.fingerprint, version, kind, updatedById: actor.userId };
  const pipeline = owner.pipelineId ? { pipelineId: owner.pipelineId } : {};
  const context = { ...pipeline, ...owner.auditMetadata };

  try {
    await inOrg(orgId, async (tx) => {
      if (existing) {
        const { count } = await tx.credential.updateMany({ where: { id, orgId, version: existing.version }, data: stored });
        if (count !== 1) throw changedMeanwhile();
        if (owner.audit !== false) await auditActor(tx, actor, 'credential.replace', { type: 'credential', id }, {
          name, kind, previousKind: existing.kind, version, fingerprint: sealed.fingerprint, previousFingerprint: existing.fingerprint, ...context,
        });
      } else {
        await tx.credential.create({ data: { id, orgId, name, createdById: actor.userId, ...pipeline, ...stored } });
        if (owner.audit !== false) await auditActor(tx, actor, 'credential.create', { type: 'credential', id }, { name, kind, version, fingerprint: sealed.fingerprint, ...context });
      }
    });
  } catch (error) {
    // Two people creating the same name at once: the second meets the unique (org, name) index.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw changedMeanwhile();
    throw error;
  }
  return { id, name, version, created: !existing, fingerprint: sealed.fingerprint };
}

export async function deleteCredential(actor: Actor, orgSlug: string, name: string): Promise<void> {
  assertActorOrg(actor, orgSlug);
  await assertCan(actor, 'credentials:write', 'credential.delete');
  const parsedName = credentialNameField.safeParse(name);
  if (!parsedName.success) throw new AppError('NOT_FOUND', 'That credential does not exist.');
  await inOrg(actor.orgId, async (tx) => {
    const row = await tx.credential.findUnique({
      where: { orgId_name: { orgId: actor.orgId, name: parsedName.data } },
      select: { id: true, kind: true, version: true, fingerprint: true },
    });
    if (!row) throw new AppError('NOT_FOUND', 'That credential does not exist.');
    await tx.credential.delete({ where: { id: row.id } });
    await auditActor(tx, actor, 'credential.delete', { type: 'credential', id: row.id }, {
      name: parsedName.data, kind: row.kind, version: row.version, fingerprint: row.fingerprint,
    });
  });
}

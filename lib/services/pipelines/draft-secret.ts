import 'server-only';
// A secret typed into a wizard field: sealed into the pipeline's own credential (write-only from
// here on), and the draft gets { secret: <name> } at that place. The credential is named after the
// pipeline and the field (`rain-shield-zoom-client_secret`) so a YAML export reads well; a name
// already held by an org-wide credential or another pipeline's gets a numbered suffix.
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { CredentialKind } from '@/lib/generated/prisma/enums';
import type { Prisma } from '@/lib/generated/prisma/client';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { isSecretRef, type SpecPath } from '@/lib/pipeline/spec';
import { isSecretPlace, parsePath, setValueAt, valueAt } from '@/lib/pipeline/spec/draft-secrets';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';
import { assertEditable, draftOf, findPipeline, storedDraft } from '@/lib/dal/pipelines/pipeline-record';
import { staleDraft } from './update-draft';

/** What kind of credential a secret place holds. */
export function kindForPlace(path: SpecPath, draft: Record<string, unknown>): CredentialKind {
  const [part] = path;
  if (part === 'target') return 'AWS_ACCESS_KEY';
  if (part === 'transformation') return 'DBT_CLOUD_TOKEN';
  if (part === 'sources') return 'AIRBYTE_SOURCE_SECRET';
  if (part === 'destinations') return 'GROUPAROO_SECRET';
  const warehouse = isRecord(draft.warehouse) ? draft.warehouse : {};
  if (warehouse.type === 'postgres') return 'POSTGRES_PASSWORD';
  return path.at(-1) === 'private_key' ? 'SNOWFLAKE_PRIVATE_KEY' : 'SNOWFLAKE_PASSWORD';
}

const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^[-_]+|-+$/g, '');

/** `<slug>-<part or its name>-<field>`, at most 64 characters. */
export function credentialNameFor(slug: string, path: SpecPath, draft: Record<string, unknown>): string {
  const [part, index] = path;
  const item = typeof index === 'number' ? valueAt(draft, [String(part), index]) : undefined;
  const owner = isRecord(item) && typeof item.name === 'string' && item.name ? item.name : typeof index === 'number' ? `${String(part)}-${index + 1}` : String(part);
  const field = part === 'target' ? 'aws-secret-key' : String(path.at(-1));
  const name = [slug, owner === 'target' ? '' : owner, field].filter(Boolean).map(clean).join('-');
  return name.slice(0, 64).replace(/[-_]+$/, '');
}

export interface SecretSet {
  version: number;
  /** The credential's name, as the draft now refers to it. */
  name: string;
  fingerprint: string;
}

export async function setDraftSecret(actor: Actor, input: { id: string; version: number; path: string; value: string }): Promise<SecretSet> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.secret.set');
  const path = parsePath(input.path);
  const { row, draft } = await inOrg(actor.orgId, async (tx) => {
    const found = await findPipeline(tx, actor, input.id);
    return { row: found, draft: await draftOf(tx, found) };
  });
  assertEditable(row);
  if (row.version !== input.version) throw staleDraft();
  if (!path || !isSecretPlace(draft, path)) throw new AppError('VALIDATION', 'That field does not take a secret.', { [input.path]: ['That field does not take a secret.'] });

  const current = valueAt(draft, path);
  const base = isSecretRef(current) ? current.secret : credentialNameFor(row.slug, path, draft);
  const name = await freeCredentialName(actor.orgId, row.id, base);
  const stored = await putPipelineCredential(actor, row.id, { name, kind: kindForPlace(path, draft), value: input.value }, { context: { path: input.path } });

  return inOrg(actor.orgId, async (tx) => {
    const latest = await draftOf(tx, await findPipeline(tx, actor, row.id));
    if (!setValueAt(latest, path, { secret: name })) throw staleDraft();
    const version = row.version + 1;
    const { count } = await tx.pipeline.updateMany({
      where: { id: row.id, orgId: actor.orgId, version: row.version },
      data: { draft: storedDraft(latest) as Prisma.InputJsonValue, version, updatedById: actor.userId },
    });
    if (count !== 1) throw staleDraft();
    return { version, name, fingerprint: stored.fingerprint };
  });
}

/** `base` if free or already this pipeline's, else `base-2`, `base-3`… */
async function freeCredentialName(orgId: string, pipelineId: string, base: string): Promise<string> {
  const rows = await inOrg(orgId, (tx) => tx.credential.findMany({ where: { orgId, name: { startsWith: base.slice(0, 60) } }, select: { name: true, pipelineId: true } }));
  const owners = new Map(rows.map((r) => [r.name, r.pipelineId]));
  const usable = (name: string) => !owners.has(name) || owners.get(name) === pipelineId;
  if (usable(base)) return base;
  const stem = base.slice(0, 60);
  for (let n = 2; ; n++) if (usable(`${stem}-${n}`)) return `${stem}-${n}`;
}

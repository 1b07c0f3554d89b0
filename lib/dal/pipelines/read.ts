import 'server-only';
// Read models for the pipeline pages. Every function takes the actor, checks org:read and scopes
// to the actor's organization. Secrets never appear: designs and drafts hold only references
// ({ secret: name }), and credentials are listed by name, kind and fingerprint.
import type { Actor } from '@/lib/authz/actor';
import { can } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { isSecretRef, type PipelineSpec } from '@/lib/pipeline/spec';
import { isDeletable, isEditable } from '@/lib/pipeline/status';
import { readDesign } from './design-rows';
import { draftOf, findPipeline, pipelineSelect } from './pipeline-record';

const person = { select: { name: true, email: true } } as const;

function typesOf(list: unknown): string[] {
  return Array.isArray(list) ? list.map((item) => (isRecord(item) && typeof item.type === 'string' ? item.type : '?')) : [];
}

export async function listPipelines(actor: Actor) {
  await assertCan(actor, 'org:read');
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.pipeline.findMany({
      where: { orgId: actor.orgId },
      orderBy: [{ updatedAt: 'desc' }],
      select: {
        ...pipelineSelect,
        updatedBy: person,
        sources: { select: { connectorType: true }, orderBy: { position: 'asc' } },
        destinations: { select: { destinationType: true }, orderBy: { position: 'asc' } },
        warehouse: { select: { type: true } },
      },
    }),
  );
  return rows.map((r) => {
    const draft = isRecord(r.draft) ? r.draft : {};
    const saved = r.savedAt !== null;
    return {
      id: r.id,
      name: r.name,
      slug: r.slug,
      status: r.status,
      target: r.target ?? (isRecord(draft.target) && draft.target.kind === 'aws' ? 'AWS' : isRecord(draft.target) ? 'SANDBOX' : null),
      awsRegion: r.awsRegion,
      sources: saved ? r.sources.map((s) => s.connectorType) : typesOf(draft.sources),
      destinations: saved ? r.destinations.map((d) => d.destinationType) : typesOf(draft.destinations),
      warehouse: saved ? r.warehouse?.type.toLowerCase() : isRecord(draft.warehouse) ? String(draft.warehouse.type ?? '') : undefined,
      hasUnsavedChanges: r.draft !== null,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
    };
  });
}

export type PipelineListItem = Awaited<ReturnType<typeof listPipelines>>[number];

/** Every credential name a spec or draft refers to. */
function referencedSecrets(value: unknown, out = new Set<string>()): Set<string> {
  if (isSecretRef(value)) out.add(value.secret);
  else if (Array.isArray(value)) value.forEach((v) => referencedSecrets(v, out));
  else if (isRecord(value)) Object.values(value).forEach((v) => referencedSecrets(v, out));
  return out;
}

export async function pipelineDetail(actor: Actor, id: string) {
  await assertCan(actor, 'org:read');
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, id);
    const [people, saved, draft, credentials] = await Promise.all([
      tx.pipeline.findFirstOrThrow({ where: { id: row.id, orgId: actor.orgId }, select: { createdBy: person, updatedBy: person } }),
      readDesign(tx, row),
      draftOf(tx, row),
      tx.credential.findMany({ where: { orgId: actor.orgId }, select: { name: true, kind: true, fingerprint: true, updatedAt: true, pipelineId: true }, orderBy: { name: 'asc' } }),
    ]);
    const referenced = referencedSecrets(draft);
    const stored = new Set(credentials.map((c) => c.name));
    const editable = can(actor, 'pipelines:edit') && isEditable(row.status);
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      status: row.status,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      savedAt: row.savedAt,
      createdBy: people.createdBy,
      updatedBy: people.updatedBy,
      saved: saved as PipelineSpec | null,
      draft,
      hasUnsavedChanges: row.draft !== null,
      /** Credentials the draft names that are not stored yet. */
      missingSecrets: [...referenced].filter((name) => !stored.has(name)),
      /** Every credential of the organization by name, with whether this pipeline owns it: for pickers and "set ✓". */
      credentials: credentials.map((c) => ({ name: c.name, kind: c.kind, fingerprint: c.fingerprint, updatedAt: c.updatedAt, ownedHere: c.pipelineId === row.id })),
      canEdit: editable,
      canDelete: can(actor, 'pipelines:edit') && isDeletable(row.status),
    };
  });
}

export type PipelineDetail = Awaited<ReturnType<typeof pipelineDetail>>;

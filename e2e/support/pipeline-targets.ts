// Pipelines for the authorization matrix and the cross-organization spec, made with the real
// services: a draft with a Stripe source (so a secret place exists), a complete AWS pipeline whose
// every credential is set (so saving it succeeds), a free slug and an importable YAML file.
import type { Actor } from '@/lib/authz/actor';
import { inOrg } from '@/lib/db/tenant';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { updateDraft } from '@/lib/services/pipelines/update-draft';
import { exportPipeline } from '@/lib/services/pipelines/yaml-files';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';

export interface PipelineTargets {
  /** A draft pipeline with one Stripe source and no secrets set. */
  pipelineId: string;
  pipelineVersion: string;
  /** A complete pipeline (AWS Kickstart with every credential set), ready to save. */
  completePipelineId: string;
  completePipelineVersion: string;
  /** A slug no pipeline uses. */
  newPipelineSlug: string;
  /** A valid pipeline file whose slug is free. */
  importYaml: string;
}

const versionOf = (actor: Actor, id: string) =>
  inOrg(actor.orgId, async (tx) => String((await tx.pipeline.findFirstOrThrow({ where: { id, orgId: actor.orgId }, select: { version: true } })).version));

export async function pipelineTargets(owner: Actor, tag: string, name = `Matrix draft ${tag}`): Promise<PipelineTargets> {
  const draft = await createPipeline(owner, { name, slug: `draft-${tag}` });
  await updateDraft(owner, {
    id: draft.id,
    version: Number(await versionOf(owner, draft.id)),
    step: 'sources',
    parts: { sources: [{ name: 'stripe', type: 'stripe', config: { account_id: 'acct_matrix' }, schedule: { kind: 'manual' } }] },
  });
  const complete = await kickstart(owner, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  for (const secret of complete.missingSecrets) {
    await putPipelineCredential(owner, complete.id, { name: secret, kind: 'GENERIC', value: `matrix-${secret}` }, { audit: false });
  }
  const { yaml } = await exportPipeline(owner, complete.id);
  return {
    pipelineId: draft.id,
    pipelineVersion: await versionOf(owner, draft.id),
    completePipelineId: complete.id,
    completePipelineVersion: await versionOf(owner, complete.id),
    newPipelineSlug: `new-${tag}`,
    importYaml: yaml.replace(/^slug: .*$/m, `slug: imported-${tag}`),
  };
}

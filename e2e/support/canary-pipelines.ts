// Pipelines whose every secret is a canary (SEC-6): an AWS Kickstart with each credential it names
// set to TAPESTRY_CANARY_<random>, one of them saved (component rows) and one left as a draft with
// an edit on top, so every page shape holds references to values that must never be served.
import { randomBytes } from 'node:crypto';
import type { Actor } from '@/lib/authz/actor';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { updateDraft } from '@/lib/services/pipelines/update-draft';
import { inOrg } from '@/lib/db/tenant';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';

const versionOf = (actor: Actor, id: string) =>
  inOrg(actor.orgId, async (tx) => (await tx.pipeline.findFirstOrThrow({ where: { id, orgId: actor.orgId }, select: { version: true } })).version);

export async function canaryPipelines(owner: Actor): Promise<{ savedId: string; draftId: string; canaries: string[] }> {
  const canaries: string[] = [];
  const made: string[] = [];
  for (let i = 0; i < 2; i++) {
    const pipeline = await kickstart(owner, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    for (const name of pipeline.missingSecrets) {
      const value = `TAPESTRY_CANARY_${randomBytes(12).toString('hex')}`;
      canaries.push(value);
      await putPipelineCredential(owner, pipeline.id, { name, kind: 'GENERIC', value }, { audit: false });
    }
    made.push(pipeline.id);
  }
  const [savedId, draftId] = made as [string, string];
  await saveDesign(owner, { id: savedId, version: await versionOf(owner, savedId) });
  await updateDraft(owner, { id: draftId, version: await versionOf(owner, draftId), step: 'name', parts: { name: 'Canary draft', slug: 'canary-draft' } });
  return { savedId, draftId, canaries };
}

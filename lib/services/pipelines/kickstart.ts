import 'server-only';
// Kickstart: one click fills a new pipeline's wizard with the Rain Shield preset and lands on the
// review step. In the sandbox it is complete as it stands: the warehouse is the sandbox's own
// PostgreSQL and every credential it names is set to a sandbox value. For AWS the user gives the
// account, region and access key id here, and the review step asks for the secrets still unset.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { sandboxConnection, sandboxWarehouse } from '@/lib/integrations/sandbox';
import { rainShieldPreset, type RainShieldOptions } from '@/lib/pipeline/presets/rain-shield';
import { draftFromSpec, secretRefsOf, type AwsRegion } from '@/lib/pipeline/spec';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';
import { kindForPlace } from './draft-secret';
import { storedDraft, type DraftState } from '@/lib/dal/pipelines/pipeline-record';
import { freeSlug } from './slug';

export type KickstartInput = { target: 'sandbox' } | { target: 'aws'; accountId: string; region: AwsRegion; accessKeyId: string };

/** Where an AWS pipeline's warehouse is assumed to be until the user changes it: an RDS-style PostgreSQL. */
const AWS_WAREHOUSE = { host: 'warehouse.rainshield.internal', port: 5432, database: 'warehouse', username: 'tapestry_loader' };

const SANDBOX_UNAVAILABLE =
  'The local sandbox is not running, so a sandbox pipeline cannot be filled in. Start Tapestry with `npm start` (it starts the sandbox unless TAPESTRY_SANDBOX=off), or Kickstart for AWS.';

export async function kickstart(actor: Actor, input: KickstartInput): Promise<{ id: string; missingSecrets: string[] }> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.kickstart');
  const sandbox = input.target === 'sandbox' ? sandboxConnection() : undefined;
  if (input.target === 'sandbox' && !sandbox) throw new AppError('CONFLICT', SANDBOX_UNAVAILABLE);
  const warehouse = sandbox ? sandboxWarehouse(sandbox) : undefined;
  const id = newId();

  const { spec, draft } = await inOrg(actor.orgId, async (tx) => {
    const slug = await freeSlug(tx, actor.orgId, 'rain-shield');
    const suffix = slug.slice('rain-shield'.length).replace('-', ' ');
    const location = warehouse ? { host: warehouse.host, port: warehouse.port, database: warehouse.database, username: warehouse.username } : AWS_WAREHOUSE;
    const options: RainShieldOptions = { ...input, warehouse: location, secretPrefix: slug, slug, name: `Rain Shield${suffix}` };
    const made = rainShieldPreset(options);
    const state = { ...draftFromSpec(made), step: 'review' } as DraftState;
    await tx.pipeline.create({
      data: { id, orgId: actor.orgId, name: made.name, slug, draft: storedDraft(state) as Prisma.InputJsonValue, draftStep: 'review', createdById: actor.userId, updatedById: actor.userId },
    });
    await auditActor(tx, actor, 'pipeline.kickstart', { type: 'pipeline', id }, {
      preset: 'rain-shield',
      target: input.target,
      slug,
      credentialsSet: sandbox ? secretRefsOf(made).map((use) => use.secret) : [],
    });
    return { spec: made, draft: state };
  });

  if (!sandbox || !warehouse) return { id, missingSecrets: [...new Set(secretRefsOf(spec).map((use) => use.secret))] };
  // Sandbox stand-ins accept any well-formed secret; the warehouse needs the sandbox's real password.
  for (const use of secretRefsOf(spec)) {
    const value = use.path[0] === 'warehouse' ? warehouse.password : `sandbox-${use.secret}`;
    await putPipelineCredential(actor, id, { name: use.secret, kind: kindForPlace(use.path, draft), value }, { audit: false });
  }
  return { id, missingSecrets: [] };
}

import 'server-only';
// A deployment row read as the facts its steps (and the runs that use what it deployed) work from,
// and the retry delay both use between attempts of a transiently failed step or stage.
import type { Deployment } from '@/lib/generated/prisma/client';
import { infrastructureOf } from '@/lib/pipeline/infrastructure';
import { PipelineSpecSchema } from '@/lib/pipeline/spec';
import type { DeploymentFacts } from './step-types';

export function deploymentFacts(d: Deployment, names: { orgSlug: string; pipelineSlug: string }): DeploymentFacts {
  return {
    id: d.id,
    orgId: d.orgId,
    orgSlug: names.orgSlug,
    pipelineId: d.pipelineId,
    pipelineSlug: names.pipelineSlug,
    kind: d.kind,
    operationId: d.operationId,
    stackName: d.stackName,
    changeSetName: d.changeSetName,
    spec: PipelineSpecSchema.parse(d.spec),
    infrastructure: infrastructureOf(d.infrastructure),
    options: (d.options as Record<string, unknown> | null) ?? {},
    eventCursor: d.eventCursor,
    watched: d.watchedUntil !== null && d.watchedUntil > new Date(),
  };
}

/** Jittered exponential backoff: about 2, 4, 8 … seconds, at most a minute. */
export function backoffMs(attempt: number): number {
  const base = Math.min(2_000 * 2 ** (attempt - 1), 60_000);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

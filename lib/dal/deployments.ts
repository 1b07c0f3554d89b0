import 'server-only';
// Read models for the deploy pages (UX-2): one deployment with its steps, change set, template
// and outcome; a pipeline's deployment history; and what the operate panel needs. Every function
// takes the actor, checks org:read (viewers watch) and scopes to the actor's organization; a
// deployment of another pipeline or organization is NOT_FOUND like a missing one. Parameters are
// shown as stored: NoEcho values were masked before they were written.
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { KIND_LABEL } from '@/lib/deploy/step-names';
import { AppError } from '@/lib/errors';
import type { DeploymentKind, DeploymentState } from '@/lib/generated/prisma/enums';
import { infrastructureOf } from '@/lib/pipeline/infrastructure';
import { deploymentProgress } from './deployment-progress';
import { errorView, expectedStepDurations, ID_PATTERN, stepView, targetOf, TERMINAL_STATES, type StepView } from './deployment-rows';

export { readDeployment, stackEventsAfter, openDeploymentWatch } from './deployment-stream';
export type { DeploymentSnapshot, LiveStackEvent, StepView, ErrorView } from './deployment-rows';

const person = { select: { name: true, email: true } } as const;
const notFound = () => new AppError('NOT_FOUND', 'That deployment does not exist.');

const ChangesSchema = z.array(
  z.object({
    action: z.string(),
    logicalId: z.string(),
    resourceType: z.string(),
    replacement: z.enum(['True', 'False', 'Conditional']).optional().catch(undefined),
  }),
);

const ParametersSchema = z.array(z.object({ key: z.string(), value: z.string(), noEcho: z.boolean().catch(false), description: z.string().catch('') }));

const StepDetailSchema = z.object({
  removed: z.array(z.string()).optional().catch(undefined),
  kept: z.array(z.string()).optional().catch(undefined),
  note: z.string().optional().catch(undefined),
  runId: z.string().optional().catch(undefined),
  number: z.number().optional().catch(undefined),
});

export interface ChangeRow {
  action: string;
  logicalId: string;
  resourceType: string;
  /** CloudFormation's Replacement: True or Conditional means the resource may be replaced. */
  replacement: 'True' | 'False' | 'Conditional' | null;
}

export interface ChangeSummary {
  add: number;
  modify: number;
  /** Of the modifications, those that replace (or may replace) the resource. */
  replace: number;
  remove: number;
}

function changeSet(value: unknown): { summary: ChangeSummary; rows: ChangeRow[] } | null {
  const parsed = ChangesSchema.safeParse(value);
  if (!parsed.success) return null;
  const rows = parsed.data.map((c) => ({ ...c, replacement: c.replacement ?? null }));
  const count = (p: (c: ChangeRow) => boolean) => rows.filter(p).length;
  return {
    summary: {
      add: count((c) => c.action === 'Add'),
      modify: count((c) => c.action === 'Modify'),
      replace: count((c) => c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional')),
      remove: count((c) => c.action === 'Remove'),
    },
    rows,
  };
}

/** The template as people read it: indented (the stored body is compact for CloudFormation's size limit). */
function readableTemplate(body: string | null): string | null {
  if (body === null) return null;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function stepDetails(steps: readonly { name: string; detail: unknown }[]) {
  return steps.map((s) => ({ name: s.name, ...(StepDetailSchema.safeParse(s.detail ?? {}).data ?? {}) }));
}

/** Everything the deploy page shows about one deployment. */
export async function deploymentView(actor: Actor, pipelineId: string, deploymentId: string) {
  await assertCan(actor, 'org:read');
  if (!ID_PATTERN.test(pipelineId) || !ID_PATTERN.test(deploymentId)) throw notFound();
  return inOrg(actor.orgId, async (tx) => {
    const d = await tx.deployment.findFirst({
      where: { id: deploymentId, pipelineId, orgId: actor.orgId },
      include: {
        steps: { orderBy: { position: 'asc' } },
        requestedBy: person,
        confirmedBy: person,
        pipeline: { select: { id: true, name: true, slug: true, status: true } },
      },
    });
    if (!d) throw notFound();
    const expected = await expectedStepDurations(tx, { orgId: d.orgId, kind: d.kind, target: targetOf(d.spec), steps: d.steps.map((s) => s.name) });
    const steps: StepView[] = d.steps.map(stepView);
    const details = stepDetails(d.steps);
    const firstRun = details.find((s) => s.name === 'first_run' && s.runId);
    return {
      id: d.id,
      kind: d.kind,
      kindLabel: KIND_LABEL[d.kind],
      state: d.state,
      terminal: TERMINAL_STATES.has(d.state),
      target: targetOf(d.spec),
      pipeline: d.pipeline,
      stackName: d.stackName,
      currentStep: d.currentStep,
      steps,
      error: errorView(d.error),
      failedStep: steps.find((s) => s.state === 'FAILED')?.label ?? null,
      changes: changeSet(d.changes),
      template: readableTemplate(d.templateBody),
      parameters: ParametersSchema.safeParse(d.parameters).data ?? [],
      /** Tear-down: what each removal step removed, and what it deliberately kept. */
      report:
        d.kind === 'TEARDOWN'
          ? { removed: details.flatMap((s) => s.removed ?? []), kept: details.flatMap((s) => s.kept ?? []), notes: details.flatMap((s) => (s.note ? [s.note] : [])) }
          : null,
      firstRun: firstRun?.runId ? { runId: firstRun.runId, number: firstRun.number ?? null } : null,
      resize: d.kind === 'RESIZE' ? resizeOptions(d.options) : null,
      requestedBy: d.requestedBy,
      confirmedBy: d.confirmedBy,
      createdAt: d.createdAt,
      confirmedAt: d.confirmedAt,
      finishedAt: d.finishedAt,
      expectedMs: expected.ms,
      /** How many steps' expectations come from this organization's own history (else typical figures). */
      etaLearnedSteps: expected.learned,
      progress: deploymentProgress(steps, expected.ms, Date.now()),
    };
  });
}

export type DeploymentView = Awaited<ReturnType<typeof deploymentView>>;

function resizeOptions(options: unknown): { from?: string; to?: string } {
  return z.object({ from: z.string().optional().catch(undefined), to: z.string().optional().catch(undefined) }).safeParse(options ?? {}).data ?? {};
}

/** How long it worked: from confirmation (or the request, if it never waited for one) to the end. */
function durationMs(d: { createdAt: Date; confirmedAt: Date | null; finishedAt: Date | null }): number | null {
  return d.finishedAt ? d.finishedAt.getTime() - (d.confirmedAt ?? d.createdAt).getTime() : null;
}

export interface DeploymentHistoryItem {
  id: string;
  kind: DeploymentKind;
  kindLabel: string;
  state: DeploymentState;
  requestedBy: { name: string; email: string } | null;
  createdAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

async function findPipelineRow(tx: Tx, actor: Actor, pipelineId: string) {
  const row = ID_PATTERN.test(pipelineId)
    ? await tx.pipeline.findFirst({ where: { id: pipelineId, orgId: actor.orgId }, select: { id: true, name: true, slug: true, status: true, infrastructure: true } })
    : null;
  if (!row) throw new AppError('NOT_FOUND', 'That pipeline does not exist.');
  return row;
}

const historySelect = {
  id: true,
  kind: true,
  state: true,
  createdAt: true,
  confirmedAt: true,
  finishedAt: true,
  requestedBy: person,
} as const;

function historyItem(d: { id: string; kind: DeploymentKind; state: DeploymentState; createdAt: Date; confirmedAt: Date | null; finishedAt: Date | null; requestedBy: { name: string; email: string } | null }): DeploymentHistoryItem {
  return { id: d.id, kind: d.kind, kindLabel: KIND_LABEL[d.kind], state: d.state, requestedBy: d.requestedBy, createdAt: d.createdAt, finishedAt: d.finishedAt, durationMs: durationMs(d) };
}

/** A pipeline's deployments, newest first. */
export async function deploymentHistory(actor: Actor, pipelineId: string, limit = 50) {
  await assertCan(actor, 'org:read');
  return inOrg(actor.orgId, async (tx) => {
    const pipeline = await findPipelineRow(tx, actor, pipelineId);
    const rows = await tx.deployment.findMany({
      where: { orgId: actor.orgId, pipelineId: pipeline.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: Math.min(Math.max(limit, 1), 200),
      select: historySelect,
    });
    return { pipeline: { id: pipeline.id, name: pipeline.name, slug: pipeline.slug, status: pipeline.status }, items: rows.map(historyItem) };
  });
}

/**
 * What the operate panel needs beyond the pipeline's detail: its latest deployment (a link while
 * one is in progress), whether it was ever deployed (Deploy or Redeploy) and the Airbyte
 * instance's current type (the resize choice).
 */
export async function operateState(actor: Actor, pipelineId: string) {
  await assertCan(actor, 'org:read');
  return inOrg(actor.orgId, async (tx) => {
    const pipeline = await findPipelineRow(tx, actor, pipelineId);
    const [latest, created] = await Promise.all([
      tx.deployment.findFirst({ where: { orgId: actor.orgId, pipelineId: pipeline.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: historySelect }),
      tx.deployment.count({ where: { orgId: actor.orgId, pipelineId: pipeline.id, kind: 'CREATE', state: 'SUCCEEDED' } }),
    ]);
    return {
      latest: latest ? historyItem(latest) : null,
      inProgress: latest !== null && !TERMINAL_STATES.has(latest.state),
      deployedOnce: created > 0,
      airbyteInstanceType: infrastructureOf(pipeline.infrastructure).airbyte.instanceType,
    };
  });
}

export type OperateState = Awaited<ReturnType<typeof operateState>>;

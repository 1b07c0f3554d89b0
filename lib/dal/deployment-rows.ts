import 'server-only';
// The shapes the deploy pages and the event stream share, and how rows become them. JSON columns
// (errors, change sets, parameters, step details) are parsed, not trusted: a row written by an
// older version shows what it can rather than breaking the page.
import { z } from 'zod';
import type { Tx } from '@/lib/db/tenant';
import { STEP_LABEL } from '@/lib/deploy/step-names';
import { DeploymentState, StepState, type DeploymentKind } from '@/lib/generated/prisma/enums';
import { defaultStepMs } from './deployment-progress';

export { TERMINAL_STATES } from './deployment-progress';

/** What went wrong, in Tapestry's words: never a raw vendor message or a stack trace. */
export interface ErrorView {
  title: string;
  cause: string;
  hint: string;
}

export interface StepView {
  name: string;
  label: string;
  state: StepState;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** On a FAILED step, why; on a RUNNING one, the transient failure it is retrying after. */
  error: ErrorView | null;
}

/** What the live view needs to redraw its steps; sent whenever it changes. */
export interface DeploymentSnapshot {
  state: DeploymentState;
  currentStep: string | null;
  steps: StepView[];
}

/** One CloudFormation stack event as the page lists it; `id` is the row's arrival order. */
export interface LiveStackEvent {
  id: string;
  time: string;
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string | null;
}

/** Ids are checked before they reach a query: a malformed one is simply not found. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const ErrorSchema = z.object({ title: z.string(), cause: z.string(), hint: z.string().catch('') });

export function errorView(value: unknown): ErrorView | null {
  const parsed = ErrorSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function stepView(row: { name: string; state: StepState; attempts: number; startedAt: Date | string | null; finishedAt: Date | string | null; error: unknown }): StepView {
  return {
    name: row.name,
    label: (STEP_LABEL as Record<string, string | undefined>)[row.name] ?? row.name,
    state: row.state,
    attempts: row.attempts,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    error: errorView(row.error),
  };
}

/** Steps as the poll's statement returns them (json_agg of deployment_step). */
export const StepRowsSchema = z.array(
  z.object({
    name: z.string(),
    state: z.enum(StepState),
    attempts: z.number().int(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.unknown(),
  }),
);

export const StackEventRowsSchema = z.array(
  z.object({ id: z.string(), time: z.string(), logicalId: z.string(), resourceType: z.string(), status: z.string(), reason: z.string().nullable() }),
);

export const DeploymentStateSchema = z.enum(DeploymentState);

/** The deployment's target, from the design frozen on it. */
export function targetOf(spec: unknown): 'aws' | 'sandbox' {
  const parsed = z.object({ target: z.object({ kind: z.enum(['aws', 'sandbox']) }) }).safeParse(spec);
  return parsed.success ? parsed.data.target.kind : 'aws';
}

/** How many recent succeeded deployments the ETA learns from: recent enough to reflect today. */
const ETA_SAMPLE = 20;

export interface ExpectedDurations {
  /** Expected milliseconds per step name. */
  ms: Record<string, number>;
  /** How many of the steps' figures come from this organization's own history. */
  learned: number;
}

/**
 * The median duration of each step over this organization's last succeeded deployments of the
 * same kind and target (one statement), falling back to typical figures for steps it has not
 * seen yet.
 */
export async function expectedStepDurations(
  tx: Tx,
  d: { orgId: string; kind: DeploymentKind; target: 'aws' | 'sandbox'; steps: readonly string[] },
): Promise<ExpectedDurations> {
  const rows = await tx.$queryRaw<Array<{ name: string; ms: number }>>`
    SELECT s.name, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM s.finished_at - s.started_at) * 1000)::float8 AS ms
    FROM deployment_step s
    JOIN (
      SELECT id FROM deployment
      WHERE org_id = ${d.orgId} AND kind = ${d.kind}::"DeploymentKind" AND state = 'SUCCEEDED' AND spec -> 'target' ->> 'kind' = ${d.target}
      ORDER BY finished_at DESC LIMIT ${ETA_SAMPLE}
    ) recent ON recent.id = s.deployment_id
    WHERE s.org_id = ${d.orgId} AND s.state IN ('SUCCEEDED', 'SKIPPED') AND s.started_at IS NOT NULL AND s.finished_at IS NOT NULL
    GROUP BY s.name`;
  const learned = new Map(rows.map((r) => [r.name, Math.max(0, Math.round(r.ms))]));
  const ms: Record<string, number> = {};
  for (const name of d.steps) ms[name] = learned.get(name) ?? defaultStepMs(name, d.kind, d.target);
  return { ms, learned: d.steps.filter((name) => learned.has(name)).length };
}

import 'server-only';
// A run as the REST API shows it (issue 7 reuses this shape for GET /api/v1/runs/<id>).
import type { Actor } from '@/lib/authz/actor';
import { can } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { RunState, RunTrigger } from '@/lib/generated/prisma/enums';
import type { CreatedRun } from '@/lib/services/runs/create-run';
import { idField } from '@/lib/validation';
import { json } from './api-route';

export interface RunJson {
  id: string;
  number: number;
  pipelineId: string;
  state: RunState;
  trigger: RunTrigger;
  createdAt: string;
  /** The run's page in the app, for a person to follow. */
  url: string;
}

/** Where the API will serve the run (the Location of a created or found run). */
export function apiRunUrl(runId: string): string {
  return new URL(`/api/v1/runs/${encodeURIComponent(runId)}`, env().APP_URL).toString();
}

/**
 * The run, for a caller who may read runs (org:read) or act on them: a token scoped to
 * runs:trigger alone still sees the run it has just started, cancelled or retried.
 */
export async function runJson(actor: Actor, runId: string): Promise<RunJson> {
  if (!can(actor, 'org:read')) await assertCan(actor, 'runs:trigger', 'run.read');
  const row = idField.safeParse(runId).success
    ? await inOrg(actor.orgId, (tx) =>
        tx.pipelineRun.findFirst({
          where: { id: runId, orgId: actor.orgId },
          select: { id: true, number: true, pipelineId: true, state: true, trigger: true, createdAt: true },
        }),
      )
    : null;
  if (!row) throw new AppError('NOT_FOUND', 'That run does not exist.');
  const url = new URL(`/${actor.orgSlug}/runs/${encodeURIComponent(row.id)}`, env().APP_URL).toString();
  return { ...row, createdAt: row.createdAt.toISOString(), url };
}

/**
 * The answer to "start a run": 201 with the new run, or 200 with the run already active that
 * this request joined (REL-5: one active run per pipeline), each with its Location.
 */
export async function startedRunResponse(actor: Actor, started: CreatedRun): Promise<Response> {
  const run = await runJson(actor, started.runId);
  const headers = { location: apiRunUrl(run.id) };
  return started.created ? json({ run }, { status: 201, headers }) : json({ run, alreadyActive: true }, { status: 200, headers });
}

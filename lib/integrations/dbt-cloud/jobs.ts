// The pipeline's dbt Cloud job, found by name or created (../ensure-by-name.ts: a create is never
// retried, a lost one is found by name, and of two twins the one with the lower id is kept, which
// every caller agrees on because dbt Cloud's ids only grow). Tapestry triggers the job itself, so
// it is created with its schedule and webhooks off. When the steps changed, the job is updated
// with its whole definition (dbt Cloud's update is a POST of the full job, so it is idempotent).
import { z } from 'zod';
import type { CallOptions } from '../call-limits';
import { ensureByName, type Named, type NameLocks } from '../ensure-by-name';
import { IntegrationError } from '../errors';
import type { DbtCloudClient } from './client';
import { environmentSchema, jobSchema, type DbtJobRead } from './schemas';

export interface EnsureJobInput {
  name: string;
  /** dbt commands, e.g. `dbt build --select tag:pipeline_12`. */
  steps: string[];
  projectId?: number;
  environmentId?: number;
}

/** A job runs at most this long in dbt Cloud before it fails (0 would let a stuck run hold its slot forever). */
const JOB_TIMEOUT_SECONDS = 2 * 60 * 60;
const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** The fields of HumanReadableJobDefinitionRequest: what an update sends back of a listed job. */
const DEFINITION_FIELDS = [
  'account_id', 'project_id', 'environment_id', 'name', 'dbt_version', 'execute_steps', 'execution', 'generate_docs', 'job_type',
  'lifecycle_webhooks', 'run_compare_changes', 'run_generate_sources', 'run_lint', 'errors_on_lint_failure', 'settings', 'state',
  'triggers', 'schedule', 'triggers_on_draft_pr', 'generate_sources', 'compare_changes_flags', 'cost_optimization_features',
  'deferring_environment_id', 'deferring_job_definition_id',
] as const;

interface ListedJob extends Named {
  job: DbtJobRead;
}

const jobList = z.array(jobSchema);
const environmentList = z.array(environmentSchema);

async function jobsNamed(client: DbtCloudClient, name: string, o: CallOptions): Promise<ListedJob[]> {
  const out: ListedJob[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = { name__icontains: name, order_by: 'id', limit: PAGE_SIZE, offset: page * PAGE_SIZE };
    const jobs = await client.call({ method: 'GET', path: '/jobs/', query, schema: jobList, idempotent: true, step: 'provision' }, o);
    out.push(...jobs.filter((j) => j.name === name).map((job) => ({ id: String(job.id), name: job.name, age: job.id, job })));
    if (jobs.length < PAGE_SIZE) return out;
  }
  throw new IntegrationError({ provider: 'dbt_cloud', failureClass: 'unavailable', code: 'too-many-pages', step: 'provision', cause: `dbt Cloud listed more than ${PAGE_SIZE * MAX_PAGES} jobs named like "${name}".` });
}

/** The project and environment a new job goes to: those given, else the first deployment environment listed. */
async function deploymentTarget(client: DbtCloudClient, input: EnsureJobInput, o: CallOptions): Promise<{ projectId: number; environmentId: number }> {
  if (input.environmentId !== undefined) {
    if (input.projectId !== undefined) return { projectId: input.projectId, environmentId: input.environmentId };
    const env = await client.call({ method: 'GET', path: `/environments/${input.environmentId}/`, schema: environmentSchema, idempotent: true, step: 'provision' }, o);
    return { projectId: env.project_id, environmentId: env.id };
  }
  const query: Record<string, string | number> = { order_by: 'id', limit: PAGE_SIZE };
  if (input.projectId !== undefined) query.project_id = input.projectId;
  const envs = await client.call({ method: 'GET', path: '/environments/', query, schema: environmentList, idempotent: true, step: 'provision' }, o);
  const env = envs.find((e) => e.type === 'deployment');
  if (!env) {
    throw new IntegrationError({
      provider: 'dbt_cloud',
      failureClass: 'not_found',
      field: 'environmentId',
      step: 'provision',
      cause: 'This dbt Cloud account has no deployment environment to run the job in.',
      hint: 'Create a deployment environment in the dbt Cloud project, or name one.',
    });
  }
  return { projectId: env.project_id, environmentId: env.id };
}

function newJob(accountId: number, target: { projectId: number; environmentId: number }, input: EnsureJobInput) {
  return {
    account_id: accountId,
    project_id: target.projectId,
    environment_id: target.environmentId,
    name: input.name,
    job_type: 'other',
    execute_steps: input.steps,
    execution: { timeout_seconds: JOB_TIMEOUT_SECONDS },
    generate_docs: false,
    lifecycle_webhooks: false,
    run_compare_changes: false,
    run_generate_sources: false,
    run_lint: false,
    errors_on_lint_failure: true,
    settings: { threads: 4, target_name: 'default' },
    state: 1,
    triggers: { github_webhook: false, git_provider_webhook: false, schedule: false, on_merge: false },
  };
}

/** The listed job as a definition to send back; dbt Cloud's nulls are left out (the document declares none). */
function definitionOf(job: DbtJobRead): Record<string, unknown> {
  const record = job as Record<string, unknown>;
  return Object.fromEntries(DEFINITION_FIELDS.filter((f) => record[f] !== null && record[f] !== undefined).map((f) => [f, record[f]]));
}

const sameSteps = (a: readonly string[] | null | undefined, b: readonly string[]) => (a ?? []).length === b.length && b.every((step, i) => a?.[i] === step);

export async function ensureJob(client: DbtCloudClient, locks: NameLocks, input: EnsureJobInput, o: CallOptions): Promise<{ jobId: number; created: boolean }> {
  const ensured = await locks.run(`job\u0000${input.name}`, () =>
    ensureByName<ListedJob>({
      find: () => jobsNamed(client, input.name, o),
      async create() {
        const body = newJob(client.config.accountId, await deploymentTarget(client, input, o), input);
        const job = await client.call({ method: 'POST', path: '/jobs/', body, schema: jobSchema, idempotent: false, step: 'provision' }, o);
        return String(job.id);
      },
      async update({ job }) {
        if (sameSteps(job.execute_steps, input.steps)) return;
        const body = { ...definitionOf(job), execute_steps: input.steps };
        await client.call({ method: 'POST', path: `/jobs/${job.id}/`, body, schema: jobSchema, idempotent: true, step: 'provision' }, o);
      },
      async remove(id) {
        await client.find({ method: 'DELETE', path: `/jobs/${id}/`, schema: z.unknown(), raw: true, idempotent: true, step: 'provision' }, o);
      },
    }),
  );
  return { jobId: Number(ensured.id), created: ensured.created };
}

/** Deletes the job (dbt Cloud keeps it as state 2, listed only under `state=deleted`); a job already gone is fine. */
export async function deleteJob(client: DbtCloudClient, jobId: number, o: CallOptions): Promise<void> {
  await client.find({ method: 'DELETE', path: `/jobs/${jobId}/`, schema: z.unknown(), idempotent: true, step: 'provision' }, o);
}

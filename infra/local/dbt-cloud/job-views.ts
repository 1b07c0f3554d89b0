// Jobs and environments as dbt Cloud returns them. Unset optional fields are left out rather
// than sent as null: the official document declares no field nullable, while dbt Cloud itself
// sends nulls, so a client has to treat absent and null alike.
import contract from './contract.generated.json';
import type { DbtCloudState, Environment, JobRecord, JobRequest } from './state';
import { RunStatus } from './statuses';
import { dbtTimestamp } from './wire-format';

const JOB_FIELDS = Object.keys(contract.schemas.HumanReadableJobDefinitionRequest.properties);
const TRIGGER_FIELDS = Object.keys(contract.schemas.TriggerRunRequestRequest.properties);

/** Only the fields the document defines, as Django REST framework drops unknown ones. */
export function knownFields<T extends object>(body: T, kind: 'job' | 'trigger'): T {
  const fields = kind === 'job' ? JOB_FIELDS : TRIGGER_FIELDS;
  return Object.fromEntries(Object.entries(body).filter(([k]) => fields.includes(k))) as T;
}

const DEFAULT_SCHEDULE = { cron: '0 * * * *', date: { type: 'every_day' }, time: { type: 'every_hour', interval: 1 } };

/** Defaults dbt Cloud fills in for what a create request leaves out. */
export function withDefaults(definition: JobRequest): JobRequest {
  return {
    job_type: 'other',
    execute_steps: ['dbt build'],
    triggers_on_draft_pr: false,
    generate_sources: false,
    compare_changes_flags: '--select state:modified',
    cost_optimization_features: [],
    schedule: DEFAULT_SCHEDULE,
    ...definition,
  };
}

export function environmentV2(state: DbtCloudState, env: Environment) {
  return {
    account_id: state.accountId,
    project_id: env.projectId,
    name: env.name,
    connection_id: state.project.connectionId,
    repository_id: state.project.repositoryId,
    use_custom_branch: false,
    dbt_project_subdirectory: '',
    dbt_version: env.dbtVersion,
    supports_docs: true,
    deployment_type: 'production',
    type: 'deployment',
    state: 1,
    id: env.id,
  };
}

export function jobView(state: DbtCloudState, job: JobRecord, deleted = false) {
  const def = job.definition;
  const env = state.environments.get(def.environment_id);
  const failures = [...state.runs.values()].filter((r) => r.jobId === job.id && r.status === RunStatus.Error).length;
  return {
    id: job.id,
    ...def,
    state: deleted ? 2 : def.state,
    is_deferrable: false,
    lifecycle_webhooks_url: '',
    raw_dbt_version: def.dbt_version ?? env?.dbtVersion ?? 'latest',
    run_failure_count: failures,
    job_completion_trigger_condition: null,
    fusion_readiness: null,
    created_at: dbtTimestamp(job.createdAt),
    updated_at: dbtTimestamp(job.updatedAt),
    account: { name: 'Tapestry sandbox', state: 1 },
    project: { name: state.project.name, account_id: state.accountId, connection_id: state.project.connectionId, repository_id: state.project.repositoryId, state: 1, type: 0 },
    environment: env ? environmentV2(state, env) : undefined,
  };
}

/** The job inside a run (`include_related=job`): InternalJobDefinition, whose schedule is flat. */
export function internalJobView(job: JobRequest) {
  const schedule = (job.schedule ?? DEFAULT_SCHEDULE) as { cron?: string; date?: { type?: string }; time?: { type?: string } };
  return {
    ...job,
    schedule: { cron: schedule.cron ?? DEFAULT_SCHEDULE.cron, date: schedule.date?.type ?? 'every_day', time: schedule.time?.type ?? 'every_hour' },
  };
}

export function environmentView(state: DbtCloudState, env: Environment) {
  const jobs = [...state.jobs.values()].filter((j) => j.definition.environment_id === env.id).map((j) => j.definition);
  return {
    ...environmentV2(state, env),
    raw_dbt_version: env.dbtVersion,
    created_at: dbtTimestamp(env.createdAt),
    updated_at: dbtTimestamp(env.createdAt),
    repository: { account_id: state.accountId, project_id: state.project.id, full_name: 'tapestry/sandbox-dbt-project', remote_backend: 'managed', state: 1 },
    connection: {
      id: state.project.connectionId,
      account_id: state.accountId,
      dbt_project_id: state.project.id,
      name: 'Sandbox PostgreSQL warehouse',
      type: 'postgres',
      state: 1,
      hostname: '127.0.0.1',
      dbname: 'warehouse',
      port: 5432,
      tunnel_enabled: false,
    },
    jobs,
    custom_environment_variables: [],
  };
}

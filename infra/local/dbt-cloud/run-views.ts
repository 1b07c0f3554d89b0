// Runs and their steps as dbt Cloud returns them (RunResponse, RunStep), with the derived flags
// and durations a client polls for. `include_related` adds trigger, job, environment and
// run_steps; step logs are cut to their last 1,000 debug lines unless `debug_logs` is asked for.
import { environmentV2, internalJobView } from './job-views';
import type { DbtCloudState, RunRecord, StepRecord } from './state';
import { humanizeStatus, isTerminal, RunStatus, statusColour } from './statuses';
import { clockDuration, dbtTimestamp, humanAgo, humanDuration } from './wire-format';

const DEBUG_LOG_TAIL = 1000;

function optional<T>(value: T | undefined, map: (v: T) => unknown): unknown {
  return value === undefined ? undefined : map(value);
}

function stepView(run: RunRecord, step: StepRecord, accountId: number, now: number, fullDebug: boolean) {
  const end = step.finishedAt ?? now;
  const debug = fullDebug ? step.debugLogs : step.debugLogs.slice(-DEBUG_LOG_TAIL);
  return {
    id: step.id,
    run_id: run.id,
    account_id: accountId,
    index: step.index,
    status: step.status,
    name: step.name,
    logs: step.logs.join('\n'),
    debug_logs: debug.join('\n'),
    log_path: `runs/${run.id}/steps/${step.index}/logs.txt`,
    debug_log_path: `runs/${run.id}/steps/${step.index}/debug_logs.txt`,
    status_humanized: humanizeStatus(step.status),
    status_color: statusColour(step.status),
    created_at: dbtTimestamp(step.createdAt),
    updated_at: dbtTimestamp(step.finishedAt ?? step.startedAt ?? step.createdAt),
    started_at: optional(step.startedAt, dbtTimestamp),
    finished_at: optional(step.finishedAt, dbtTimestamp),
    duration: clockDuration(step.startedAt === undefined ? 0 : end - step.startedAt),
    duration_humanized: humanDuration(step.startedAt === undefined ? 0 : end - step.startedAt),
  };
}

function triggerView(run: RunRecord) {
  return { ...run.trigger, id: run.triggerId, job_definition_id: run.jobId, cause_category: 'api', created_at: dbtTimestamp(run.createdAt) };
}

function retryReason(run: RunRecord): string {
  return run.status === RunStatus.Error ? 'RETRY_UNSUPPORTED_CMD' : 'RETRY_NOT_FAILED_RUN';
}

export function runView(state: DbtCloudState, run: RunRecord, related: Set<string>, baseUrl: string) {
  const now = state.now();
  const end = run.finishedAt ?? now;
  const terminal = isTerminal(run.status);
  const env = state.environments.get(run.job.environment_id);
  const queuedFor = (run.dequeuedAt ?? end) - run.createdAt;
  const ranFor = run.startedAt === undefined ? 0 : end - run.startedAt;
  const view: Record<string, unknown> = {
    id: run.id,
    trigger_id: run.triggerId,
    account_id: state.accountId,
    environment_id: run.job.environment_id,
    project_id: run.job.project_id,
    job_definition_id: run.jobId,
    job_id: run.jobId,
    status: run.status,
    status_humanized: humanizeStatus(run.status),
    status_message: run.statusMessage,
    dbt_version: run.trigger.dbt_version_override ?? run.job.dbt_version ?? env?.dbtVersion ?? 'latest',
    git_branch: run.trigger.git_branch ?? 'main',
    git_sha: run.gitSha,
    artifacts_saved: run.artifacts.size > 0,
    artifact_s3_path: run.artifacts.size > 0 ? `sandbox/${state.accountId}/runs/${run.id}/artifacts/target` : undefined,
    has_docs_generated: false,
    has_sources_generated: false,
    notifications_sent: terminal,
    blocked_by: run.status === RunStatus.Queued ? state.blockersOf(run) : [],
    created_at: dbtTimestamp(run.createdAt),
    updated_at: dbtTimestamp(run.updatedAt),
    dequeued_at: optional(run.dequeuedAt, dbtTimestamp),
    started_at: optional(run.startedAt, dbtTimestamp),
    finished_at: optional(run.finishedAt, dbtTimestamp),
    last_checked_at: optional(run.lastHeartbeatAt, dbtTimestamp),
    last_heartbeat_at: optional(run.lastHeartbeatAt, dbtTimestamp),
    in_progress: !terminal,
    is_complete: terminal,
    is_success: run.status === RunStatus.Success,
    is_error: run.status === RunStatus.Error,
    is_cancelled: run.status === RunStatus.Cancelled,
    is_running: run.status === RunStatus.Running,
    duration: clockDuration(end - run.createdAt),
    duration_humanized: humanDuration(end - run.createdAt),
    queued_duration: clockDuration(queuedFor),
    queued_duration_humanized: humanDuration(queuedFor),
    run_duration: clockDuration(ranFor),
    run_duration_humanized: humanDuration(ranFor),
    created_at_humanized: humanAgo(now - run.createdAt),
    finished_at_humanized: optional(run.finishedAt, (f) => humanAgo(now - f)),
    can_retry: false,
    retry_not_supported_reason: terminal ? retryReason(run) : undefined,
    used_repo_cache: false,
    href: `${baseUrl}/deploy/${state.accountId}/projects/${run.job.project_id}/runs/${run.id}/`,
  };
  if (related.has('trigger')) view.trigger = triggerView(run);
  if (related.has('job')) view.job = internalJobView(run.job);
  if (related.has('environment') && env) view.environment = environmentV2(state, env);
  if (related.has('run_steps')) view.run_steps = run.steps.map((s) => stepView(run, s, state.accountId, now, related.has('debug_logs')));
  return view;
}

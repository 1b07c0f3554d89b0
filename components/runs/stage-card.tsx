// One stage of a run on its page: state, rows, bytes, duration and attempts, then every external
// job and attempt (Airbyte syncs, the dbt run, Grouparoo's run) and the stage's log.
import type { RunStageDetail } from '@/lib/dal/runs/run-detail';
import { cellClass, type Column, Table } from '@/components/ui/table';
import { Fact } from './fact';
import { formatBytes, formatDuration, formatRows } from './format';
import { RunErrorNotice } from './run-error';
import { STAGE_LABEL } from './stage-cell';
import { StageStateBadge } from './state-badge';

const JOB_COLUMNS: readonly Column[] = [
  { label: 'System' },
  { label: 'Job' },
  { label: 'Attempt', align: 'right' },
  { label: 'Status' },
  { label: 'Rows', align: 'right' },
  { label: 'Bytes', align: 'right' },
  { label: 'Duration', align: 'right' },
];

const num = `${cellClass} text-right tabular-nums whitespace-nowrap`;

/** `showError`: false when the page already shows the same error as the run's. */
export function StageCard({ stage, showError = true }: { stage: RunStageDetail; showError?: boolean }) {
  const label = STAGE_LABEL[stage.stage];
  const id = `stage-${stage.stage.toLowerCase()}`;
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4 rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {label}
        </h2>
        <StageStateBadge state={stage.state} />
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Fact label="Rows">{formatRows(stage.rows)}</Fact>
        <Fact label="Bytes">{stage.stage === 'TRANSFORM' ? 'Not counted by dbt' : formatBytes(stage.bytes)}</Fact>
        <Fact label="Duration">{stage.durationMs === null ? '—' : formatDuration(stage.durationMs)}</Fact>
        <Fact label="Attempts">{String(stage.attempts)}</Fact>
      </dl>
      {showError && stage.error && <RunErrorNotice error={stage.error} heading="h3" />}
      {stage.jobs.length > 0 ? (
        <Table caption={`${label} jobs, every attempt`} columns={JOB_COLUMNS}>
          {stage.jobs.map((job) => (
            <tr key={job.id}>
              <td className={cellClass}>{job.system}</td>
              <td className={`${cellClass} font-mono text-xs`}>
                {job.naturalKey}
                {job.externalId && <span className="block text-muted">id {job.externalId}</span>}
              </td>
              <td className={num}>{job.attempt}</td>
              <td className={cellClass}>{job.status}</td>
              <td className={num}>{job.rows.toLocaleString('en')}</td>
              <td className={num}>{stage.stage === 'TRANSFORM' ? '—' : formatBytes(job.bytes)}</td>
              <td className={num}>{job.durationMs === null ? '—' : formatDuration(job.durationMs)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="text-sm text-muted">{stage.state === 'PENDING' ? 'No jobs yet: the stage has not started.' : 'This stage started no external job.'}</p>
      )}
      <div>
        <h3 className="mb-1 text-sm font-medium">Log</h3>
        {stage.logs ? (
          // Focusable so keyboard users can scroll a long log.
          <pre tabIndex={0} aria-label={`${label} log`} className="max-h-80 overflow-auto rounded-md bg-sunken p-3 font-mono text-xs whitespace-pre-wrap">
            {stage.logs}
          </pre>
        ) : (
          <p className="text-sm text-muted">No log yet.</p>
        )}
      </div>
    </section>
  );
}

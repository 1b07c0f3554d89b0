// The run history, one row per run, newest first, with a column per stage (like dbt Cloud's run
// history and Airbyte's job list): what moved, how long each stage took, what started it.
import Link from 'next/link';
import type { RunListItem } from '@/lib/dal/runs/list-runs';
import { isActiveRun } from '@/lib/dal/runs/run-states';
import { DateTime } from '@/components/ui/date-time';
import { cellClass, type Column, Table } from '@/components/ui/table';
import { formatDuration } from './format';
import { runHref } from './runs-href';
import { STAGE_LABEL, STAGE_NAMES, StageCell } from './stage-cell';
import { RunStateBadge, TRIGGER_LABEL } from './state-badge';

const COLUMNS: readonly Column[] = [
  { label: 'Run' },
  { label: 'Pipeline' },
  { label: 'Status' },
  { label: 'Trigger' },
  { label: 'Created (UTC)' },
  { label: 'Duration' },
  ...STAGE_NAMES.map((s) => ({ label: STAGE_LABEL[s] })),
];

/** "by Ada" for a person, nothing for a schedule or a deploy. */
export function TriggerText({ trigger, requestedBy }: Pick<RunListItem, 'trigger' | 'requestedBy'>) {
  return (
    <>
      {TRIGGER_LABEL[trigger]}
      {requestedBy && <span className="block text-xs text-muted">by {requestedBy}</span>}
    </>
  );
}

export function RunDuration({ run }: { run: Pick<RunListItem, 'durationMs' | 'state'> }) {
  if (run.durationMs !== null) return <>{formatDuration(run.durationMs)}</>;
  // A run that ended before it started (cancelled while queued) has no duration.
  return <span className="text-muted">{run.state === 'QUEUED' ? 'Not started' : isActiveRun(run.state) ? 'In progress' : '—'}</span>;
}

/** Status, trigger, creation time and duration: the cells every list of runs has, in that order. */
export function RunSummaryCells({ run }: { run: RunListItem }) {
  return (
    <>
      <td className={cellClass}>
        <RunStateBadge state={run.state} />
      </td>
      <td className={cellClass}>
        <TriggerText trigger={run.trigger} requestedBy={run.requestedBy} />
      </td>
      <td className={`${cellClass} font-mono text-xs`}>
        <DateTime value={run.createdAt} format="iso" />
      </td>
      <td className={`${cellClass} whitespace-nowrap`}>
        <RunDuration run={run} />
      </td>
    </>
  );
}

export function RunsTable({ org, runs, caption }: { org: string; runs: RunListItem[]; caption: string }) {
  return (
    <Table caption={caption} captionHidden columns={COLUMNS}>
      {runs.map((run) => (
        <tr key={run.id}>
          <td className={`${cellClass} whitespace-nowrap`}>
            <Link href={runHref(org, run.id)} className="font-medium text-link underline-offset-2 hover:underline">
              <span className="sr-only">Run </span>#{run.number}
              <span className="sr-only"> of {run.pipeline.name}</span>
            </Link>
          </td>
          <td className={cellClass}>
            <Link href={`/${org}/pipelines/${run.pipeline.id}`} className="text-link underline-offset-2 hover:underline">
              {run.pipeline.name}
            </Link>
          </td>
          <RunSummaryCells run={run} />
          {STAGE_NAMES.map((name) => (
            <StageCell key={name} stage={run.stages.find((s) => s.stage === name)} />
          ))}
        </tr>
      ))}
    </Table>
  );
}

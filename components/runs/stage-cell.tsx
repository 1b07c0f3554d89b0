// One stage of a run in the history table: what it moved (rows, bytes) and how long it took when
// it succeeded, its state in words otherwise. dbt reports no bytes, so Transform shows rows only.
import type { RunStageName } from '@/lib/generated/prisma/enums';
import type { StageSummary } from '@/lib/dal/runs/list-runs';
import { cellClass } from '@/components/ui/table';
import { formatBytes, formatDuration, formatRows } from './format';
import { StageStateBadge } from './state-badge';

export const STAGE_NAMES = ['INGEST', 'TRANSFORM', 'SYNC'] as const satisfies readonly RunStageName[];

export const STAGE_LABEL: Record<RunStageName, string> = { INGEST: 'Ingest', TRANSFORM: 'Transform', SYNC: 'Sync' };

/** "12,345 rows · 6.2 MB", without bytes for a stage that does not count them. */
export function movedText(stage: { stage: RunStageName; rows: number; bytes: number }): string {
  return stage.stage === 'TRANSFORM' ? formatRows(stage.rows) : `${formatRows(stage.rows)} · ${formatBytes(stage.bytes)}`;
}

export function StageCell({ stage }: { stage: StageSummary | undefined }) {
  if (!stage) return <td className={`${cellClass} text-muted`}>—</td>;
  if (stage.state !== 'SUCCEEDED') {
    return (
      <td className={cellClass}>
        <StageStateBadge state={stage.state} />
        {stage.durationMs !== null && <span className="block text-xs text-muted">after {formatDuration(stage.durationMs)}</span>}
      </td>
    );
  }
  return (
    <td className={`${cellClass} text-xs whitespace-nowrap`}>
      <span className="block">{movedText(stage)}</span>
      {stage.durationMs !== null && <span className="block text-muted">{formatDuration(stage.durationMs)}</span>}
    </td>
  );
}

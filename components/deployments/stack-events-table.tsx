// CloudFormation's events for the stack, newest first, as they arrive: the time, the resource,
// its type, the status in words and colour, and CloudFormation's reason. Memoized: the live
// view re-renders every second for its clocks, the table only when events arrive.
import { memo } from 'react';
import type { LiveStackEvent } from '@/lib/dal/deployment-rows';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cellClass, Table } from '@/components/ui/table';

const COLUMNS = [{ label: 'Time (UTC)' }, { label: 'Resource' }, { label: 'Type' }, { label: 'Status' }, { label: 'Reason' }] as const;

/** CloudFormation's resource and stack statuses by what they mean for the person watching. */
export function statusTone(status: string): BadgeTone {
  if (status.endsWith('_FAILED')) return 'danger';
  if (status.includes('ROLLBACK')) return 'warning';
  if (status.endsWith('_IN_PROGRESS')) return 'info';
  if (status === 'DELETE_COMPLETE' || status === 'DELETE_SKIPPED') return 'neutral';
  if (status.endsWith('_COMPLETE')) return 'success';
  return 'neutral';
}

function StackEventsTableImpl({ events }: { events: readonly LiveStackEvent[] }) {
  if (events.length === 0) {
    return <p className="rounded-lg border border-dashed border-field bg-surface px-4 py-6 text-sm text-muted">No stack events yet: they appear here as CloudFormation reports them.</p>;
  }
  const newestFirst = [...events].reverse();
  return (
    <Table caption={`Stack events, newest first (${events.length})`} captionHidden columns={COLUMNS}>
      {newestFirst.map((e) => (
        <tr key={e.id}>
          <td className={`${cellClass} font-mono text-xs whitespace-nowrap`}>
            <time dateTime={e.time} title={e.time}>
              {e.time.slice(11, 19)}
            </time>
          </td>
          <td className={`${cellClass} font-mono text-xs`}>{e.logicalId}</td>
          <td className={`${cellClass} text-xs text-muted`}>{e.resourceType}</td>
          <td className={cellClass}>
            <Badge tone={statusTone(e.status)}>{e.status}</Badge>
          </td>
          <td className={`${cellClass} max-w-md text-xs text-muted`}>{e.reason}</td>
        </tr>
      ))}
    </Table>
  );
}

export const StackEventsTable = memo(StackEventsTableImpl);

// What the change set will do, before anything happens (journey 4): how many resources are added,
// modified (and of those, replaced) and removed, then every change. A replacement is called out in
// words: a replaced database or bucket starts empty.
import type { ChangeRow, ChangeSummary } from '@/lib/dal/deployments';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cellClass, Table } from '@/components/ui/table';

const COLUMNS = [{ label: 'Action' }, { label: 'Resource' }, { label: 'Type' }, { label: 'Replacement' }] as const;

const ACTION_TONE: Record<string, BadgeTone> = { Add: 'success', Modify: 'info', Remove: 'danger' };

const REPLACEMENT_WORDS: Record<NonNullable<ChangeRow['replacement']>, string> = {
  True: 'Replaced',
  Conditional: 'May be replaced',
  False: 'In place',
};

export function ChangeSetCounts({ summary }: { summary: ChangeSummary }) {
  const cells = [
    ['Added', summary.add],
    ['Modified', summary.modify],
    ['Replaced', summary.replace],
    ['Removed', summary.remove],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {cells.map(([label, count]) => (
        <div key={label} className="rounded-lg border border-line bg-surface px-4 py-3">
          <dt className="text-sm text-muted">{label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{count}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ChangeSetTable({ rows }: { rows: readonly ChangeRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-muted">The change set changes no resources.</p>;
  return (
    <Table caption={`Resource changes (${rows.length})`} columns={COLUMNS}>
      {rows.map((c) => (
        <tr key={`${c.action}:${c.logicalId}`}>
          <td className={cellClass}>
            <Badge tone={ACTION_TONE[c.action] ?? 'neutral'}>{c.action}</Badge>
          </td>
          <td className={`${cellClass} font-mono text-xs`}>{c.logicalId}</td>
          <td className={`${cellClass} text-xs text-muted`}>{c.resourceType}</td>
          <td className={`${cellClass} text-sm ${c.replacement === 'True' || c.replacement === 'Conditional' ? 'font-medium text-danger' : 'text-muted'}`}>
            {c.action === 'Modify' && c.replacement ? REPLACEMENT_WORDS[c.replacement] : '—'}
          </td>
        </tr>
      ))}
    </Table>
  );
}

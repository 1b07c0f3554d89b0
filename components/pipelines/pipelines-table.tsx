// Every pipeline of the organization, newest edit first: what it is, where it runs, its shape
// and who touched it last (like Airbyte's connections or dbt Cloud's jobs lists).
import Link from 'next/link';
import type { PipelineListItem } from '@/lib/dal/pipelines/read';
import { Badge } from '@/components/ui/badge';
import { cellClass, type Column, Table } from '@/components/ui/table';
import { RelativeTime } from './relative-time';
import { StageChips } from './stage-chips';
import { PipelineStatusBadge } from './status-badge';
import { TargetBadge } from './target-badge';

const COLUMNS: readonly Column[] = [{ label: 'Name' }, { label: 'Status' }, { label: 'Target' }, { label: 'Sources → warehouse → destinations' }, { label: 'Last edited' }];

export function PipelinesTable({ org, pipelines, now }: { org: string; pipelines: PipelineListItem[]; now: Date }) {
  return (
    <Table caption="Pipelines" captionHidden columns={COLUMNS}>
      {pipelines.map((p) => (
        <tr key={p.id}>
          <td className={cellClass}>
            <Link href={`/${org}/pipelines/${p.id}`} className="font-medium text-link underline-offset-2 hover:underline">
              {p.name}
            </Link>
            <span className="block font-mono text-xs text-muted">{p.slug}</span>
          </td>
          <td className={cellClass}>
            <div className="flex flex-wrap gap-1">
              <PipelineStatusBadge status={p.status} />
              {/* A DRAFT has never been saved, so all of it is unsaved: the status already says so. */}
              {p.hasUnsavedChanges && p.status !== 'DRAFT' && <Badge tone="warning">Unsaved changes</Badge>}
            </div>
          </td>
          <td className={cellClass}>
            <TargetBadge target={p.target} region={p.awsRegion} />
          </td>
          <td className={cellClass}>
            <StageChips sources={p.sources} warehouse={p.warehouse || undefined} destinations={p.destinations} />
          </td>
          <td className={cellClass}>
            <RelativeTime value={p.updatedAt} now={now} />
            {p.updatedBy && <span className="block text-xs text-muted">by {p.updatedBy.name}</span>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

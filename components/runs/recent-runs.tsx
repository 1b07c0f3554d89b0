// A pipeline's latest runs on its page (load them with listRuns(actor, { pipelineId, limit: 10 })),
// each linking to its run page, and a link to the whole filtered history.
import Link from 'next/link';
import type { RunListItem } from '@/lib/dal/runs/list-runs';
import { cellClass, type Column, Table } from '@/components/ui/table';
import { runHref, runsHref } from './runs-href';
import { RunSummaryCells } from './runs-table';

const COLUMNS: readonly Column[] = [{ label: 'Run' }, { label: 'Status' }, { label: 'Trigger' }, { label: 'Created (UTC)' }, { label: 'Duration' }];

const link = 'text-link underline-offset-2 hover:underline';

export function RecentRuns({ org, pipelineId, runs }: { org: string; pipelineId: string; runs: RunListItem[] }) {
  const all = runsHref(org, { pipeline: pipelineId });
  if (runs.length === 0) {
    return <p className="text-sm text-muted">No runs yet. Once deployed, the pipeline runs on its schedules, or when someone presses Run now.</p>;
  }
  return (
    <div className="space-y-3">
      <Table caption="Recent runs, newest first" captionHidden columns={COLUMNS}>
        {runs.map((run) => (
          <tr key={run.id}>
            <td className={cellClass}>
              <Link href={runHref(org, run.id)} className={`font-medium ${link}`}>
                Run #{run.number}
              </Link>
            </td>
            <RunSummaryCells run={run} />
          </tr>
        ))}
      </Table>
      <Link href={all} className={`text-sm ${link}`}>
        All runs of this pipeline →
      </Link>
    </div>
  );
}

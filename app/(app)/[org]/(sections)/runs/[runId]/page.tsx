import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/lib/authz/actor';
import type { RunError } from '@/lib/dal/runs/run-detail';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { Fact } from '@/components/runs/fact';
import { RunActions } from '@/components/runs/run-actions';
import { RunErrorNotice } from '@/components/runs/run-error';
import { RunRefresher } from '@/components/runs/run-refresher';
import { runsHref } from '@/components/runs/runs-href';
import { RunDuration, TriggerText } from '@/components/runs/runs-table';
import { StageCard } from '@/components/runs/stage-card';
import { RunStateBadge } from '@/components/runs/state-badge';
import { loadRun } from './load-run';

type Params = Promise<{ org: string; runId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, runId } = await params;
  const { run } = await loadRun(org, runId);
  return { title: `Run #${run.number} · ${run.pipeline.name}` };
}

const sameError = (a: RunError | null, b: RunError | null) => a !== null && b !== null && a.title === b.title && a.cause === b.cause && a.hint === b.hint;

const link = 'text-link underline-offset-2 hover:underline';

export default async function RunPage({ params }: { params: Params }) {
  const { org, runId } = await params;
  const { actor, run } = await loadRun(org, runId);
  const mayTrigger = can(actor, 'runs:trigger');

  return (
    <>
      <PageHeader
        title={`Run #${run.number} of ${run.pipeline.name}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <RunStateBadge state={run.state} />
            {run.cancelRequested && run.active && <span>Cancelling…</span>}
            <Link href={`/${org}/pipelines/${run.pipeline.id}`} className={link}>
              Open the pipeline
            </Link>
            <span aria-hidden="true">·</span>
            <Link href={runsHref(org, { pipeline: run.pipeline.id })} className={link}>
              All its runs
            </Link>
          </span>
        }
        actions={mayTrigger && <RunActions org={org} runId={run.id} number={run.number} cancellable={run.cancellable} retryable={run.retryable} />}
      />
      <div className="space-y-6">
        <dl className="grid grid-cols-2 gap-4 rounded-lg border border-line bg-surface p-4 sm:grid-cols-4">
          <Fact label="Trigger">
            <TriggerText trigger={run.trigger} requestedBy={run.requestedBy} />
          </Fact>
          <Fact label="Created">
            <DateTime value={run.createdAt} />
          </Fact>
          <Fact label="Started">
            <DateTime value={run.startedAt} empty="Not yet" />
          </Fact>
          <Fact label="Duration">
            <RunDuration run={run} />
          </Fact>
        </dl>
        <RunRefresher active={run.active} />
        {run.error && <RunErrorNotice error={run.error} />}
        {run.stages.map((stage) => (
          // The run's error is usually its failed stage's: say it once, at the top.
          <StageCard key={stage.stage} stage={stage} showError={!sameError(stage.error, run.error)} />
        ))}
      </div>
    </>
  );
}

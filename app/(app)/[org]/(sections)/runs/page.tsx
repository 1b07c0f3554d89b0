import type { Metadata } from 'next';
import Link from 'next/link';
import { type RunsPageData, runsPage } from '@/lib/dal/runs/runs-page';
import { filtersFromSearch, type SearchParams } from '@/lib/dal/runs/run-filters';
import { AppError } from '@/lib/errors';
import { buttonClass, ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RunsIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { RunFiltersForm } from '@/components/runs/run-filters-form';
import { RunStatsCards } from '@/components/runs/run-stats-cards';
import { RunsTable } from '@/components/runs/runs-table';
import { filterValues, runsHref } from '@/components/runs/runs-href';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Runs' };

const DESCRIPTION = 'The history of every pipeline run: scheduled, started by hand or retried.';

/** The page's data, or why the URL's filters cannot be used (a hand-edited or stale link). */
async function load(actor: Awaited<ReturnType<typeof requireActor>>, search: SearchParams): Promise<{ data: RunsPageData } | { invalid: string }> {
  try {
    return { data: await runsPage(actor, filtersFromSearch(search)) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return { invalid: err.message };
    throw err;
  }
}

export default async function RunsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/runs');
  const search = await searchParams;
  const loaded = await load(actor, search);

  if ('invalid' in loaded) {
    return (
      <ErrorPanel title="These filters cannot be used" cause={loaded.invalid} action="Start again from the full run history and choose the filters there.">
        <ButtonLink href={runsHref(org)}>Show all runs</ButtonLink>
      </ErrorPanel>
    );
  }

  const { data } = loaded;
  if (!data.orgHasRuns) {
    return (
      <>
        <PageHeader title="Runs" description={DESCRIPTION} />
        <EmptyState title="No runs yet" icon={<RunsIcon />} actions={<NextSteps actor={actor} />}>
          <p>
            Runs will appear here with a row per stage (ingest, transform, sync), the rows and bytes moved, how long each took, what
            started it, and its logs.
          </p>
          {data.pipelines.length === 0 ? (
            <p>A pipeline runs once it is deployed; there are no pipelines in {actor.orgName} yet.</p>
          ) : (
            <p>A pipeline runs once it is deployed: on its sources’ schedules, or when an editor presses Run now on its page.</p>
          )}
        </EmptyState>
      </>
    );
  }

  const values = filterValues(search);
  const paged = typeof search.cursor === 'string';
  return (
    <>
      <PageHeader title="Runs" description={DESCRIPTION} />
      <RunFiltersForm org={org} pipelines={data.pipelines} values={values} />
      <RunStatsCards stats={data.stats} filtered={Boolean(values.pipeline || values.state || values.trigger)} />
      {data.runs.length > 0 ? (
        <RunsTable org={org} runs={data.runs} caption="Runs, newest first" />
      ) : (
        <EmptyState title={paged ? 'No older runs' : 'No runs match these filters'} headingLevel="h2" actions={<ButtonLink href={runsHref(org)}>Reset filters</ButtonLink>}>
          <p>{paged ? 'Every run matching these filters is on the newer pages.' : 'Other runs exist: widen the dates, or choose another pipeline, status or trigger.'}</p>
        </EmptyState>
      )}
      {(paged || data.nextCursor) && (
        <nav aria-label="Run history pages" className="mt-4 flex gap-3">
          {paged && (
            <Link href={runsHref(org, values)} className={buttonClass('secondary')}>
              Newest runs
            </Link>
          )}
          {data.nextCursor && (
            <Link href={runsHref(org, values, data.nextCursor)} className={buttonClass('secondary')}>
              Older runs →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}

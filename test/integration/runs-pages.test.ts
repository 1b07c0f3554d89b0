// The run pages themselves, rendered from real read models (real PostgreSQL): the history with
// its filter form, cards, a row per run with per-stage columns and the keyset link; the two empty
// states and the refusal of a tampered link; a run's page with stage cards, every attempt, logs
// and the error's hint, Cancel / Retry only for those who may and only when the state allows,
// the refresher only while the run is in progress, and a real 404 (from metadata too) for another
// organization's run. Only the session lookup is replaced, and the client router is a stub.
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { AppRouterContext, type AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { RecentRuns } from '@/components/runs/recent-runs';
import { listRuns } from '@/lib/dal/runs/list-runs';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { seedRuns } from '../support/seed-runs';

let signedIn: Actor | undefined;
vi.mock('@/lib/auth/current-actor', () => ({
  currentActor: async (org: string) => {
    if (!signedIn || signedIn.orgSlug !== org) throw new AppError('NOT_FOUND');
    return signedIn;
  },
}));

const { default: RunsPage } = await import('@/app/(app)/[org]/(sections)/runs/page');
const { default: RunPage, generateMetadata } = await import('@/app/(app)/[org]/(sections)/runs/[runId]/page');

const router: AppRouterInstance = { bfcacheId: 'test', back: () => undefined, forward: () => undefined, refresh: () => undefined, push: () => undefined, replace: () => undefined, prefetch: () => undefined };
const html = (node: ReactNode) => renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router }, node));
const textOf = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

async function historyAs(actor: Actor, search: Record<string, string> = {}): Promise<string> {
  signedIn = actor;
  return html(await RunsPage({ params: Promise.resolve({ org: actor.orgSlug }), searchParams: Promise.resolve(search) }));
}

async function runPageAs(actor: Actor, runId: string): Promise<string> {
  signedIn = actor;
  return html(await RunPage({ params: Promise.resolve({ org: actor.orgSlug, runId }) }));
}

const DAY = 86_400_000;
let acme: TestOrg;
let empty: TestOrg;
let viewer: Actor;
let editor: Actor;
let pipelineId: string;
let failedRun: string;
let runningRun: string;

beforeAll(async () => {
  acme = await firstRunOrg();
  empty = await anotherOrg('Empty');
  viewer = await acme.member('VIEWER');
  editor = await acme.member('EDITOR');
  pipelineId = newId();
  await ownerDb().pipeline.create({ data: { id: pipelineId, orgId: acme.orgId, slug: 'rain-shield', name: 'Rain Shield', status: 'ACTIVE', target: 'SANDBOX', savedAt: new Date() } });
  const runs = await seedRuns({ orgId: acme.orgId, pipelineIds: [pipelineId], count: 60, from: new Date(Date.now() - 20 * DAY), to: new Date(Date.now() - DAY) });
  failedRun = runs.find((r) => r.state === 'FAILED')?.id ?? '';
  await ownerDb().runStage.updateMany({ where: { runId: failedRun, state: 'FAILED' }, data: { logs: 'dbt: model users failed', error: { title: 'dbt failed', cause: 'Model users failed.', hint: 'Fix the model, then retry.' } } });
  runningRun = newId();
  await ownerDb().pipelineRun.create({
    data: {
      id: runningRun, orgId: acme.orgId, pipelineId, number: 1_000, trigger: 'MANUAL', state: 'RUNNING', sources: ['zoom'], requestedById: editor.userId, startedAt: new Date(),
      stages: { create: [{ id: newId(), pipelineId, stage: 'INGEST', state: 'RUNNING', attempts: 1, startedAt: new Date() }, { id: newId(), pipelineId, stage: 'TRANSFORM' }, { id: newId(), pipelineId, stage: 'SYNC' }] },
    },
  });
});

describe('run history page', () => {
  it('shows the filter form, the cards and a row per run with its stages, and links to older runs', async () => {
    const page = await historyAs(viewer);
    const text = textOf(page);
    const form = page.match(/<form[^>]*>/)?.[0];
    expect(form).toContain('method="get"');
    expect(form).toContain(`action="/${acme.slug}/runs"`);
    expect(page).toContain(`<option value="${pipelineId}">Rain Shield</option>`);
    expect(text).toContain('All runs over the last 30 days');
    expect(text).toMatch(/Runs 61 60 finished/);
    expect(text).toContain('P95 duration');
    expect(page).toContain('<caption class="sr-only">Runs, newest first</caption>');
    expect(page.match(/<th scope="col"/g)).toHaveLength(9);
    expect(page.match(/<tbody[\s\S]*<\/tbody>/)?.[0].match(/<tr>/g)).toHaveLength(50);
    expect(text).toContain('Run #1000 of Rain Shield');
    expect(text).toMatch(/\d{1,3}(,\d{3})* rows · [\d.]+ kB/);
    expect(page).toMatch(/href="\/[a-z0-9-]+\/runs\?cursor=[A-Za-z0-9_-]+"[^>]*>Older runs →/);
  });

  it('keeps the filters in the older-runs link, and tells an empty filter from an empty history', async () => {
    const failed = await historyAs(viewer, { state: 'FAILED', pipeline: pipelineId });
    expect(textOf(failed)).toContain('Runs matching these filters');
    expect(failed).toContain('<option value="FAILED" selected="">Failed</option>');
    const none = textOf(await historyAs(viewer, { state: 'QUEUED' }));
    expect(none).toContain('No runs match these filters');
    expect(none).toContain('Reset filters');

    const nothing = textOf(await historyAs(empty.owner));
    expect(nothing).toContain('No runs yet');
    expect(nothing).toContain(`there are no pipelines in ${empty.name} yet`);
  });

  it('refuses a tampered page link with a way back, not an error page', async () => {
    const text = textOf(await historyAs(viewer, { cursor: 'bm90LWEtY3Vyc29y' }));
    expect(text).toContain('These filters cannot be used');
    expect(text).toContain('Show all runs');
  });
});

describe('run page', () => {
  it('shows a failed run’s stages, attempts, log and hint, and Retry only to those who may', async () => {
    const asViewer = await runPageAs(viewer, failedRun);
    const text = textOf(asViewer);
    expect(text).toMatch(/Run #\d+ of Rain Shield/);
    expect(text).toContain('Fix the model, then retry.');
    expect(asViewer).toMatch(/<pre tabindex="0" aria-label="(Transform|Sync) log" class="max-h-80 overflow-auto/);
    expect(text).toContain('jobs, every attempt');
    expect(asViewer).not.toContain('Retry run #');
    expect(text).not.toContain('updates every 3 seconds');

    const asEditor = await runPageAs(editor, failedRun);
    expect(asEditor).toContain('aria-label="Retry run #');
    expect(asEditor).not.toContain('Cancel run');
  });

  it('offers Cancel on a running run and keeps refreshing it', async () => {
    const page = await runPageAs(editor, runningRun);
    expect(page).toContain('aria-label="Cancel run #1000"');
    expect(page).not.toContain('Retry run');
    expect(textOf(page)).toContain('This page updates every 3 seconds while the run is in progress.');
    expect(textOf(page)).toContain('No jobs yet: the stage has not started.');
  });

  it('is a 404, from its metadata too, for another organization and an unknown id', async () => {
    expect(await generateMetadata({ params: Promise.resolve({ org: acme.slug, runId: failedRun }) })).toMatchObject({ title: expect.stringMatching(/^Run #\d+ · Rain Shield$/) });
    signedIn = empty.owner;
    for (const runId of [failedRun, newId(), 'not an id']) {
      await expect(generateMetadata({ params: Promise.resolve({ org: empty.slug, runId }) })).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
    }
  });
});

describe('recent runs of a pipeline', () => {
  it('lists the latest runs with links, and says when there are none', async () => {
    const { runs } = await listRuns(viewer, { pipelineId, limit: 10 });
    const page = html(RecentRuns({ org: acme.slug, pipelineId, runs }));
    expect(page.match(/href="\/[a-z0-9-]+\/runs\/[A-Za-z0-9_-]+"/g)).toHaveLength(10);
    expect(page).toContain(`href="/${acme.slug}/runs?pipeline=${pipelineId}"`);
    expect(textOf(html(RecentRuns({ org: acme.slug, pipelineId, runs: [] })))).toContain('No runs yet.');
  });
});

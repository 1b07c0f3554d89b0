// The pipeline pages' content, rendered from real read models (real PostgreSQL, real services):
// the list shows each pipeline's target, shape and last edit; the detail shows the draft of a
// pipeline never saved, its stages with schedules in words, its settings with secrets only as
// "Set ✓" or "Missing" credential names, and what is still missing, with the way to fix it only
// for those who may. A stored credential's value never appears.
import { randomBytes } from 'node:crypto';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import type { Actor } from '@/lib/authz/actor';
import { listPipelines, pipelineDetail } from '@/lib/dal/pipelines/read';
import { resetEnvForTests } from '@/lib/env';
import { putCredential } from '@/lib/secrets/credentials';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { PipelineNotices } from '@/components/pipelines/pipeline-notices';
import { PipelineSettings } from '@/components/pipelines/pipeline-settings';
import { PipelineStages } from '@/components/pipelines/pipeline-stages';
import { pipelineView } from '@/components/pipelines/pipeline-view';
import { PipelinesTable } from '@/components/pipelines/pipelines-table';
import { firstRunOrg, type TestOrg } from '../support/factories';

let acme: TestOrg;
let editor: Actor;
let viewer: Actor;
let id: string;
const canary = `TAPESTRY_CANARY_${randomBytes(12).toString('hex')}`;

/** What the pipeline page renders below its header, as the given member sees it. */
async function detailHtml(actor: Actor): Promise<string> {
  const detail = await pipelineDetail(actor, id);
  const { step: _step, ...draft } = detail.draft;
  const view = pipelineView(detail.saved ?? draft);
  return renderToStaticMarkup(
    createElement(
      Fragment,
      null,
      createElement(PipelineNotices, { org: acme.slug, detail }),
      createElement(PipelineStages, { view }),
      createElement(PipelineSettings, { view, credentials: detail.credentials.map((c) => c.name) }),
    ),
  );
}

/** The text a person reads (tags dropped, entities decoded enough for these checks). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

beforeAll(async () => {
  process.env.TAPESTRY_SECRET_KEY = generateKeyEntry('kV').entry;
  resetEnvForTests();
  acme = await firstRunOrg();
  editor = await acme.member('EDITOR');
  viewer = await acme.member('VIEWER');
  id = (await kickstart(editor, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).id;
  await putCredential(acme.owner, acme.slug, { name: 'rain-shield-aws', kind: 'AWS_ACCESS_KEY', value: canary });
});

afterAll(() => {
  delete process.env.TAPESTRY_SECRET_KEY;
  resetEnvForTests();
});

describe('pipeline detail', () => {
  it('shows a never-saved pipeline’s draft: stages left to right with connector names and schedules in words', async () => {
    const text = textOf(await detailHtml(viewer));
    expect(text).toContain('Draft — not saved yet');
    expect(text).toMatch(/Sources .*Zoom.*Salesforce.*Stripe.*Zendesk Support.* Warehouse .*Postgres.* Transformation .*dbt Core on ECS.* Destinations .*Mailchimp/);
    expect(text).toContain('Hourly (0 * * * *, UTC)');
    expect(text).toContain('2 streams');
    expect(text).toContain('Tapestry’s unified users models');
  });

  it('shows secrets only as their credential, set or missing, and never a stored value', async () => {
    const html = await detailHtml(viewer);
    const text = textOf(html);
    // In the form's order, whatever order the database keeps the JSON keys in.
    expect(text).toContain('AWS account ID 123456789012 Region eu-west-1 Access key ID AKIAIOSFODNN7EXAMPLE Secret access key Set ✓ · rain-shield-aws');
    expect(text).toContain('Secret Key Missing · rain-shield-stripe-secret-key');
    expect(text).toContain('Models Tapestry’s unified users models');
    for (const encoded of [canary, Buffer.from(canary).toString('base64'), Buffer.from(canary).toString('hex')]) expect(html).not.toContain(encoded);
  });

  it('lists the credentials still missing, and offers the wizard only to those who may edit', async () => {
    const asViewer = await detailHtml(viewer);
    expect(textOf(asViewer)).toMatch(/\d+ credentials not stored yet/);
    expect(asViewer).toContain('rain-shield-mailchimp-api-key');
    expect(asViewer).not.toContain('/edit');
    expect(textOf(asViewer)).toContain('Editors and admins can set them');

    const asEditor = await detailHtml(editor);
    expect(asEditor).toContain(`href="/${acme.slug}/pipelines/${id}/edit"`);
    expect(asEditor).toContain(`href="/${acme.slug}/pipelines/${id}/edit/review"`);
    expect(asEditor).not.toContain('rain-shield-aws</code></li>');
  });
});

describe('pipelines list', () => {
  it('shows each pipeline with a link, its status, its AWS target, its shape and who edited it', async () => {
    const html = renderToStaticMarkup(createElement(PipelinesTable, { org: acme.slug, pipelines: await listPipelines(viewer), now: new Date() }));
    const text = textOf(html);
    expect(html).toContain(`href="/${acme.slug}/pipelines/${id}"`);
    expect(text).toMatch(/Rain Shield rain-shield Draft AWS/);
    expect(text).toMatch(/Zoom Salesforce Stripe Zendesk Support .*into.* Postgres .*out to.* Mailchimp Salesforce/);
    expect(text).toContain(`just now by ${editor.name}`);
  });
});

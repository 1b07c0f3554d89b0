// GET /<org>/pipelines/<id>/export, the route handler itself against real PostgreSQL: a member's
// download is the pipeline's YAML with the headers a browser needs to save it; an incomplete
// draft is 409, another organization's pipeline and a non-member's request 404, no session 401;
// no failure answers a stack trace. Only the session lookup (cookies) is replaced: the actor it
// returns is a real member made through the real services.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import { importPipelineYaml } from '@/lib/pipeline/spec';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';

/** Who the request's session cookie belongs to: an actor, or an error as currentActor throws it. */
let session: (org: string) => Actor = () => {
  throw new AppError('UNAUTHENTICATED');
};

vi.mock('@/lib/auth/current-actor', () => ({ currentActor: async (org: string) => session(org) }));

const { GET } = await import('@/app/(app)/[org]/(sections)/pipelines/[id]/export/route');

let acme: TestOrg;
let other: TestOrg;
let viewer: Actor;
let complete: string;
let incomplete: string;
let elsewhere: string;

/** Signed in as `actor`, a member of its own organization only. */
const signedInAs = (actor: Actor) => {
  session = (org) => {
    if (org !== actor.orgSlug) throw new AppError('NOT_FOUND');
    return actor;
  };
};

const download = (org: string, id: string) =>
  GET(new Request(`http://localhost:3000/${org}/pipelines/${id}/export`), { params: Promise.resolve({ org, id }) });

beforeAll(async () => {
  acme = await firstRunOrg();
  other = await anotherOrg('Other');
  viewer = await acme.member('VIEWER');
  const editor = await acme.member('EDITOR');
  // Kickstart for AWS needs no sandbox and leaves a complete draft (its secrets only referenced).
  complete = (await kickstart(editor, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).id;
  incomplete = (await createPipeline(editor, { name: 'Half done', slug: 'half-done' })).id;
  elsewhere = (await kickstart(other.owner, { target: 'aws', accountId: '210987654321', region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).id;
});

describe('export route', () => {
  it('gives a viewer the pipeline as a YAML attachment that imports back as the same pipeline', async () => {
    signedInAs(viewer);
    const res = await download(acme.slug, complete);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="rain-shield.tapestry.yaml"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const parsed = importPipelineYaml(await res.text());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec.slug).toBe('rain-shield');
    expect(parsed.spec.target).toMatchObject({ kind: 'aws', accountId: '123456789012', region: 'eu-west-1', credentials: { secret: 'rain-shield-aws' } });
  });

  it('answers 409 with the reason for a draft that is not complete yet', async () => {
    signedInAs(viewer);
    const res = await download(acme.slug, incomplete);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toMatch(/not complete yet/);
  });

  it('answers 404 for another organization’s pipeline, an unknown id and an organization the person is not in', async () => {
    signedInAs(viewer);
    for (const [org, id] of [
      [acme.slug, elsewhere],
      [acme.slug, 'no-such-pipeline'],
      [other.slug, elsewhere],
      ['Not A Slug', complete],
    ] as const) {
      const res = await download(org, id);
      expect(res.status, `${org}/${id}`).toBe(404);
      const body = await res.text();
      expect(body).not.toMatch(/at .*\.ts|Error:/);
      expect(body).not.toContain('apiVersion');
    }
  });

  it('answers 401 without a session, in a short text', async () => {
    session = () => {
      throw new AppError('UNAUTHENTICATED');
    };
    const res = await download(acme.slug, complete);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('Sign in to export this pipeline.\n');
  });

  it('answers 500 with a reference only, never the fault’s message or stack, when something unexpected breaks', async () => {
    session = () => {
      throw new Error('connection to database lost at pg/lib/client.js:123');
    };
    const res = await download(acme.slug, complete);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toMatch(/^Something went wrong on our side\. Reference: [0-9a-f]{8}\n$/);
    expect(body).not.toContain('database lost');
  });
});

// Pipelines against real PostgreSQL: the wizard's draft keeps whatever was typed and answers with
// the step's findings; a secret typed into a field is sealed into the pipeline's own credential and
// only its name reaches the draft; saving writes the component rows and reads back as the same
// spec; Kickstart in the sandbox is complete as it stands; export and import round-trip; duplicate
// and delete keep credentials apart; viewers read and cannot change, other organizations see nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import type { Actor } from '@/lib/authz/actor';
import { pipelineDetail, listPipelines } from '@/lib/dal/pipelines/read';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { importPipelineYaml } from '@/lib/pipeline/spec';
import { revealForIntegration } from '@/lib/secrets/reveal';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { deletePipeline } from '@/lib/services/pipelines/delete-pipeline';
import { setDraftSecret } from '@/lib/services/pipelines/draft-secret';
import { duplicatePipeline } from '@/lib/services/pipelines/duplicate';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { updateDraft } from '@/lib/services/pipelines/update-draft';
import { exportPipeline, importPipeline } from '@/lib/services/pipelines/yaml-files';
import { putCredential } from '@/lib/secrets/credentials';
import { sql } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';

let a: TestOrg;
let b: TestOrg;
let editor: Actor;
let viewer: Actor;
const dbUrl = () => process.env.DATABASE_URL!;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'OK' as string, fields: {} as Record<string, string[]>, message: '' }),
    (e: unknown) => (e instanceof AppError ? { code: e.code as string, fields: e.fieldErrors ?? {}, message: e.message } : { code: `unexpected ${String(e)}`, fields: {}, message: '' }),
  );

const versionOf = async (actor: Actor, id: string) => (await pipelineDetail(actor, id)).version;

beforeAll(async () => {
  process.env.TAPESTRY_SECRET_KEY = generateKeyEntry('kP').entry;
  // A sandbox descriptor like the one `npm start` writes: Kickstart reads its warehouse location.
  const dir = mkdtempSync(path.join(tmpdir(), 'tapestry-sandbox-'));
  const file = path.join(dir, 'sandbox.json');
  writeFileSync(file, JSON.stringify({
    aws: { url: 'http://127.0.0.1:1', region: 'us-east-1', accountId: '000000000000', accessKeyId: 'AKIASANDBOX000000001', secretAccessKey: 'x' },
    airbyte: { url: 'http://127.0.0.1:2', apiUrl: 'http://127.0.0.1:2/api/public/v1', clientId: 'c', clientSecret: 's' },
    dbtCloud: { url: 'http://127.0.0.1:3', accountId: 1, apiToken: 't' },
    snowflake: { url: 'http://127.0.0.1:4', account: 'sandbox', username: 'TAPESTRY_ADMIN', password: 'p' },
    warehouse: { url: 'postgres://postgres:sandbox-warehouse-pw@127.0.0.1:5999/warehouse' },
  }));
  process.env.TAPESTRY_SANDBOX_FILE = file;
  resetEnvForTests();
  a = await firstRunOrg();
  b = await anotherOrg('Canary');
  editor = await a.member('EDITOR');
  viewer = await a.member('VIEWER');
});

afterAll(() => {
  delete process.env.TAPESTRY_SANDBOX_FILE;
  resetEnvForTests();
});

describe('creating and autosaving a draft', () => {
  it('creates a pipeline from a valid name and slug, and puts a slug clash at the slug field', async () => {
    const { id } = await createPipeline(editor, { name: 'Growth users', slug: 'growth-users' });
    expect((await pipelineDetail(viewer, id)).status).toBe('DRAFT');
    const clash = await failure(createPipeline(editor, { name: 'Other', slug: 'growth-users' }));
    expect(clash.code).toBe('VALIDATION');
    expect(clash.fields.slug?.[0]).toContain('already uses "growth-users"');
    const bad = await failure(createPipeline(editor, { name: ' ', slug: 'Not A Slug' }));
    expect(Object.keys(bad.fields).sort()).toEqual(['name', 'slug']);
  });

  it('keeps invalid values exactly as typed, answers with the step findings and resumes at the step', async () => {
    const { id } = await createPipeline(editor, { name: 'Typed', slug: 'typed' });
    const warehouse = { type: 'postgres', config: { host: 'db.internal', port: 'five', database: 'analytics' } };
    const saved = await updateDraft(editor, { id, version: await versionOf(editor, id), step: 'warehouse', parts: { warehouse } });
    expect(saved.errors['warehouse.config.port']).toMatch(/whole number/);
    expect(saved.errors['warehouse.config.username']).toBe('Required');
    const detail = await pipelineDetail(viewer, id);
    expect(detail.draft.step).toBe('warehouse');
    expect(detail.draft.warehouse).toEqual(warehouse);
    expect(detail.version).toBe(saved.version);
  });

  it('refuses a save from a stale version and one that changes another step’s part', async () => {
    const { id } = await createPipeline(editor, { name: 'Stale', slug: 'stale' });
    const v = await versionOf(editor, id);
    await updateDraft(editor, { id, version: v, step: 'target', parts: { target: { kind: 'sandbox' } } });
    expect((await failure(updateDraft(editor, { id, version: v, step: 'target', parts: { target: { kind: 'aws' } } }))).code).toBe('CONFLICT');
    const v2 = await versionOf(editor, id);
    expect((await failure(updateDraft(editor, { id, version: v2, step: 'target', parts: { warehouse: {} } }))).code).toBe('VALIDATION');
    expect((await pipelineDetail(viewer, id)).draft.target).toEqual({ kind: 'sandbox' });
  });

  it('renames on a valid name step, and reports a slug taken by another pipeline without losing the typed slug', async () => {
    const { id } = await createPipeline(editor, { name: 'Rename me', slug: 'rename-me' });
    await createPipeline(editor, { name: 'Taken', slug: 'taken' });
    const clash = await updateDraft(editor, { id, version: await versionOf(editor, id), step: 'name', parts: { name: 'Renamed', slug: 'taken' } });
    expect(clash.errors.slug).toContain('already uses "taken"');
    let detail = await pipelineDetail(viewer, id);
    expect([detail.slug, detail.draft.slug]).toEqual(['rename-me', 'taken']);
    await updateDraft(editor, { id, version: detail.version, step: 'name', parts: { name: 'Renamed', slug: 'renamed' } });
    detail = await pipelineDetail(viewer, id);
    expect([detail.name, detail.slug]).toEqual(['Renamed', 'renamed']);
  });

  it('drops a plain secret value sent in a draft instead of storing it', async () => {
    const { id } = await createPipeline(editor, { name: 'Plain', slug: 'plain' });
    const value = `TAPESTRY_CANARY_${randomBytes(8).toString('hex')}`;
    const saved = await updateDraft(editor, {
      id,
      version: await versionOf(editor, id),
      step: 'sources',
      parts: { sources: [{ name: 'stripe', type: 'stripe', config: { account_id: 'acct_1', client_secret: value }, schedule: { kind: 'manual' } }] },
    });
    expect(saved.dropped).toEqual(['sources[0].config.client_secret']);
    const rows = await sql<{ draft: unknown }>(dbUrl(), 'SELECT draft FROM pipeline WHERE id = $1', [id]);
    expect(JSON.stringify(rows[0]!.draft)).not.toContain(value);
  });
});

describe('secrets typed into the wizard', () => {
  it('are sealed into a credential of the pipeline, and the draft holds only its name', async () => {
    const { id } = await createPipeline(editor, { name: 'Secretive', slug: 'secretive' });
    await updateDraft(editor, {
      id,
      version: await versionOf(editor, id),
      step: 'sources',
      parts: { sources: [{ name: 'stripe', type: 'stripe', config: { account_id: 'acct_1' }, schedule: { kind: 'manual' } }] },
    });
    const value = `TAPESTRY_CANARY_${randomBytes(8).toString('hex')}`;
    const set = await setDraftSecret(editor, { id, version: await versionOf(editor, id), path: 'sources[0].config.client_secret', value });
    expect(set.name).toBe('secretive-stripe-client_secret');
    const detail = await pipelineDetail(viewer, id);
    expect((detail.draft.sources as Array<{ config: Record<string, unknown> }>)[0]!.config.client_secret).toEqual({ secret: set.name });
    expect(JSON.stringify(detail)).not.toContain(value);
    const stored = await sql<{ sealed: string; pipeline_id: string }>(dbUrl(), 'SELECT sealed, pipeline_id FROM credential WHERE name = $1', [set.name]);
    expect(stored[0]!.pipeline_id).toBe(id);
    expect(stored[0]!.sealed).toMatch(/^tsec1\./);
    expect(stored[0]!.sealed).not.toContain(value);
    expect((await revealForIntegration(a.orgId, set.name)).value).toBe(value);
    const audit = await sql<{ metadata: unknown }>(dbUrl(), `SELECT metadata FROM audit_event WHERE action = 'credential.create' AND target_type = 'credential' ORDER BY id DESC LIMIT 1`);
    expect(JSON.stringify(audit[0]!.metadata)).not.toContain(value);
    expect(audit[0]!.metadata).toMatchObject({ pipelineId: id, path: 'sources[0].config.client_secret' });
  });

  it('refuse places that take no secret, and never overwrite an organization-wide credential', async () => {
    const { id } = await createPipeline(editor, { name: 'Careful', slug: 'careful' });
    await updateDraft(editor, { id, version: await versionOf(editor, id), step: 'target', parts: { target: { kind: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } } });
    expect((await failure(setDraftSecret(editor, { id, version: await versionOf(editor, id), path: 'target.region', value: 'x' }))).code).toBe('VALIDATION');
    await putCredential(a.owner, a.slug, { name: 'careful-aws-secret-key', kind: 'AWS_ACCESS_KEY', value: 'org-wide-value' });
    const set = await setDraftSecret(editor, { id, version: await versionOf(editor, id), path: 'target.credentials', value: 'pipeline-value' });
    expect(set.name).toBe('careful-aws-secret-key-2');
    expect((await revealForIntegration(a.orgId, 'careful-aws-secret-key')).value).toBe('org-wide-value');
  });
});

describe('Kickstart, save, export and import', () => {
  it('fills a sandbox pipeline that saves as it stands, into rows that read back as the same spec', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    expect(made.missingSecrets).toEqual([]);
    const before = await pipelineDetail(viewer, made.id);
    expect(before.draft.step).toBe('review');
    expect(before.missingSecrets).toEqual([]);
    expect((await revealForIntegration(a.orgId, `${before.slug}-warehouse-password`)).value).toBe('sandbox-warehouse-pw');
    const { spec } = await saveDesign(editor, { id: made.id, version: before.version });
    const after = await pipelineDetail(viewer, made.id);
    expect(after.status).toBe('READY');
    expect(after.hasUnsavedChanges).toBe(false);
    expect(after.saved).toEqual(spec);
    const counts = await sql<{ s: number; d: number }>(dbUrl(), 'SELECT (SELECT count(*)::int FROM pipeline_source WHERE pipeline_id = $1) AS s, (SELECT count(*)::int FROM pipeline_destination WHERE pipeline_id = $1) AS d', [made.id]);
    expect(counts[0]).toEqual({ s: 4, d: 2 });
    const second = await kickstart(editor, { target: 'sandbox' });
    expect((await pipelineDetail(viewer, second.id)).slug).toBe(`${before.slug}-2`);
  });

  it('asks an AWS Kickstart only for credentials, and will not save until they are set', async () => {
    const made = await kickstart(editor, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(made.missingSecrets.length).toBeGreaterThan(5);
    const detail = await pipelineDetail(viewer, made.id);
    const refused = await failure(saveDesign(editor, { id: made.id, version: detail.version }));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.fields['target.credentials']?.[0]).toContain('No credential named');
    expect(refused.message).toContain('starting at the target step');
  });

  it('exports YAML without secret values and imports it back as the same spec', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    const { filename, yaml } = await exportPipeline(viewer, made.id);
    expect(filename).toMatch(/\.tapestry\.yaml$/);
    expect(yaml).not.toContain('sandbox-warehouse-pw');
    expect(yaml).toContain('{ secret: ');
    const clash = await importPipeline(editor, yaml);
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.errors[0]).toMatchObject({ path: 'slug', line: yaml.split('\n').findIndex((l) => l.startsWith('slug:')) + 1 });
    const elsewhere = await importPipeline(b.owner, yaml);
    expect(elsewhere.ok).toBe(true);
    if (!elsewhere.ok) return;
    const imported = await pipelineDetail(b.owner, elsewhere.id);
    const { step: _step, ...draft } = imported.draft;
    const original = importPipelineYaml(yaml);
    expect(original.ok && draft).toEqual(original.ok && original.spec);
    // Its credentials do not exist in the other organization: the review step asks for them.
    expect(imported.missingSecrets.length).toBeGreaterThan(0);
    const malformed = await importPipeline(editor, 'name: x\nslug: [unclosed\n');
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.errors[0]!.line).toBeGreaterThan(0);
  });
});

describe('duplicate and delete', () => {
  it('duplicates with copies of the pipeline’s own credentials, so deleting the original leaves the copy whole', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    const original = await pipelineDetail(viewer, made.id);
    const copy = await duplicatePipeline(editor, made.id);
    const copied = await pipelineDetail(viewer, copy.id);
    expect(copied.slug).toBe(`${original.slug}-copy`);
    expect(copied.missingSecrets).toEqual([]);
    expect(copied.credentials.filter((c) => c.ownedHere).map((c) => c.name)).toContain(`${copy.slug}-warehouse-password`);
    await deletePipeline(editor, made.id);
    expect((await failure(pipelineDetail(viewer, made.id))).code).toBe('NOT_FOUND');
    expect((await revealForIntegration(a.orgId, `${copy.slug}-warehouse-password`)).value).toBe('sandbox-warehouse-pw');
    const left = await sql<{ n: number }>(dbUrl(), 'SELECT count(*)::int AS n FROM credential WHERE pipeline_id = $1', [made.id]);
    expect(left[0]!.n).toBe(0);
  });

  it('refuses to delete a pipeline with deployed infrastructure', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    await saveDesign(editor, { id: made.id, version: await versionOf(editor, made.id) });
    await sql(dbUrl(), `UPDATE pipeline SET status = 'ACTIVE' WHERE id = $1`, [made.id]);
    const refused = await failure(deletePipeline(editor, made.id));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('tear it down');
  });
});

describe('who may', () => {
  it('lets viewers read and refuses them every change', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    const v = await versionOf(viewer, made.id);
    expect((await listPipelines(viewer)).some((p) => p.id === made.id)).toBe(true);
    expect((await pipelineDetail(viewer, made.id)).canEdit).toBe(false);
    const attempts = [
      createPipeline(viewer, { name: 'V', slug: 'v' }),
      updateDraft(viewer, { id: made.id, version: v, step: 'name', parts: { name: 'V' } }),
      setDraftSecret(viewer, { id: made.id, version: v, path: 'warehouse.config.password', value: 'x' }),
      saveDesign(viewer, { id: made.id, version: v }),
      kickstart(viewer, { target: 'sandbox' }),
      duplicatePipeline(viewer, made.id),
      deletePipeline(viewer, made.id),
      importPipeline(viewer, 'x: 1'),
    ];
    expect(await Promise.all(attempts.map((p) => failure(p).then((f) => f.code)))).toEqual(Array(attempts.length).fill('FORBIDDEN'));
    expect(await versionOf(viewer, made.id)).toBe(v);
  });

  it('answers NOT_FOUND for another organization’s pipeline, for reads and writes alike', async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    expect((await listPipelines(b.owner)).some((p) => p.id === made.id)).toBe(false);
    const codes = await Promise.all([
      failure(pipelineDetail(b.owner, made.id)),
      failure(updateDraft(b.owner, { id: made.id, version: 1, step: 'name', parts: { name: 'x' } })),
      failure(exportPipeline(b.owner, made.id)),
      failure(duplicatePipeline(b.owner, made.id)),
      failure(deletePipeline(b.owner, made.id)),
    ]);
    expect(codes.map((c) => c.code)).toEqual(Array(5).fill('NOT_FOUND'));
  });
});

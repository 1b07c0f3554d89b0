// The whole pipeline with the real Grouparoo in the sandbox: a Kickstart deploy configures
// Grouparoo (app, model, source on analytics.unified_users, properties, destinations with their
// mappings), the first run syncs unified users into the destination tables, and a tear-down
// removes every Grouparoo object the deploy made. The adapter's own test proves each call; this
// proves the deploy saga and the run's sync stage use them together.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import type { Actor } from '@/lib/authz/actor';
import { resetEnvForTests } from '@/lib/env';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { confirmDeployment, requestDeploy, requestTeardown } from '@/lib/services/deployments/request-deployment';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { grouparooInstallDir } from '@/infra/local/grouparoo';
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';
import { sql } from '../support/database';
import { firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile, driveRunWhile } from '../support/saga-driver';

// Installing Grouparoo from npm takes a minute or two the first time; later files reuse it.
const BOOT_TIMEOUT_MS = 11 * 60_000;
const SYNC_TIMEOUT_MS = 4 * 60_000;

let home: string;
let sandbox: RunningSandbox;
let org: TestOrg;
let admin: Actor;
let pipelineId: string;

const warehouse = (query: string) => sql<Record<string, unknown>>(sandbox.descriptor().warehouse.url, query);

beforeAll(async () => {
  process.env.TAPESTRY_SECRET_KEY = generateKeyEntry('kG').entry;
  home = mkdtempSync(path.join(tmpdir(), 'tapestry-deploy-grouparoo-'));
  chmodSync(home, 0o711);
  sandbox = await runSandbox({ home, log: () => undefined, grouparoo: true, timeScale: 0.002, grouparooDir: grouparooInstallDir() });
  await sandbox.grouparooReady;
  if (!sandbox.descriptor().grouparoo) throw new Error('the sandbox did not start Grouparoo');
  process.env.TAPESTRY_SANDBOX_FILE = sandbox.descriptorFile;
  resetEnvForTests();
  org = await firstRunOrg();
  admin = await org.member('ADMIN');
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await sandbox?.stop();
  rmSync(home, { recursive: true, force: true });
  delete process.env.TAPESTRY_SANDBOX_FILE;
  resetEnvForTests();
});

describe('a sandbox deploy with the real Grouparoo', () => {
  it('configures Grouparoo during the deploy and records what it made', async () => {
    const editor = await org.member('EDITOR');
    const made = await kickstart(editor, { target: 'sandbox' });
    pipelineId = made.id;
    await saveDesign(editor, { id: pipelineId, version: (await pipelineDetail(editor, pipelineId)).version });
    const { deploymentId } = await requestDeploy(admin, { pipelineId });
    await driveDeploymentWhile(org.orgId, deploymentId, ['PLANNING']);
    await confirmDeployment(admin, { deploymentId });
    const done = await driveDeploymentWhile(org.orgId, deploymentId, ['RUNNING'], 180_000);
    expect(done.state, JSON.stringify(done.steps.map((s) => [s.name, s.state, s.error]))).toBe('SUCCEEDED');
    expect(done.steps.find((s) => s.name === 'grouparoo')?.state).toBe('SUCCEEDED');
    const ledger = await ownerDb().pipelineResource.findMany({ where: { pipelineId, system: 'grouparoo' } });
    expect(ledger.map((r) => r.kind)).toEqual(expect.arrayContaining(['app', 'model', 'source', 'destination']));
  }, SYNC_TIMEOUT_MS);

  it('syncs the unified users into every destination table on the first run', async () => {
    const [run] = await ownerDb().pipelineRun.findMany({ where: { pipelineId } });
    if (!run) throw new Error('the deployment started no run');
    const finished = await driveRunWhile(org.orgId, run.id, ['QUEUED', 'RUNNING'], SYNC_TIMEOUT_MS);
    const stages = Object.fromEntries(finished.stages.map((s) => [s.stage, s]));
    expect(finished.state, JSON.stringify(finished.stages.map((s) => [s.stage, s.state, s.error]))).toBe('SUCCEEDED');
    expect(stages.SYNC?.state).toBe('SUCCEEDED');
    const [unified] = await warehouse('select count(*)::int as n from analytics.unified_users');
    const users = Number(unified?.n);
    expect(users).toBeGreaterThan(0);
    const spec = (await pipelineDetail(admin, pipelineId)).saved;
    const destinations = spec?.destinations.map((d) => d.name) ?? [];
    expect(destinations.length).toBeGreaterThan(0);
    for (const name of destinations) {
      const [row] = await warehouse(`select count(*)::int as n from destinations."${name}"`);
      expect(Number(row?.n), `rows in destinations.${name}`).toBe(users);
    }
    // The stage's rows are Grouparoo's exports: one per user and destination.
    expect(Number(stages.SYNC?.rows)).toBe(users * destinations.length);
  }, SYNC_TIMEOUT_MS);

  it('removes every Grouparoo object on tear-down', async () => {
    const detail = await pipelineDetail(admin, pipelineId);
    const { deploymentId } = await requestTeardown(admin, { pipelineId, confirmName: detail.name, dropWarehouseData: true });
    const done = await driveDeploymentWhile(org.orgId, deploymentId, ['PLANNING', 'RUNNING'], 180_000);
    expect(done.state, JSON.stringify(done.steps.map((s) => [s.name, s.state, s.error]))).toBe('SUCCEEDED');
    expect(await ownerDb().pipelineResource.count({ where: { pipelineId, system: 'grouparoo' } })).toBe(0);
    expect(done.steps.find((s) => s.name === 'remove_grouparoo')?.state).toBe('SUCCEEDED');
    const removed = done.steps.flatMap((s) => ((s.detail as { removed?: string[] } | null)?.removed ?? []));
    expect(removed).toEqual(expect.arrayContaining([expect.stringMatching(/^Grouparoo /)]));
  }, SYNC_TIMEOUT_MS);
});

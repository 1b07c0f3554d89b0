// The whole pipeline with the real Grouparoo in the sandbox: a Kickstart deploy configures
// Grouparoo (app, model, source on analytics.unified_users, properties, destinations with their
// mappings), the first run syncs unified users into the destination tables, and a tear-down
// removes every Grouparoo object the deploy made. The adapter's own test proves each call; this
// proves the deploy saga and the run's sync stage use them together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { confirmDeployment, requestDeploy, requestTeardown } from '@/lib/services/deployments/request-deployment';
import { grouparooInstallDir } from '@/infra/local/grouparoo';
import { sql } from '../support/database';
import type { TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile, driveRunWhile } from '../support/saga-driver';
import { startSandboxPipelines, type SandboxPipelines } from '../support/sandbox-pipeline';

// Installing Grouparoo from npm takes a minute or two the first time; later files reuse it.
const BOOT_TIMEOUT_MS = 11 * 60_000;
const SYNC_TIMEOUT_MS = 4 * 60_000;

let box: SandboxPipelines;
let org: TestOrg;
let admin: Actor;
let pipelineId: string;

const warehouse = (query: string) => sql<Record<string, unknown>>(box.sandbox.descriptor().warehouse.url, query);

beforeAll(async () => {
  box = await startSandboxPipelines({ label: 'deploy-grouparoo', timeScale: 0.002, grouparooDir: grouparooInstallDir() });
  ({ org, admin } = box);
}, BOOT_TIMEOUT_MS);

afterAll(() => box?.stop());

describe('a sandbox deploy with the real Grouparoo', () => {
  it('configures Grouparoo during the deploy and records what it made', async () => {
    pipelineId = await box.readyPipeline();
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

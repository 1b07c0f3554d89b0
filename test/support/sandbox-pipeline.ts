// A sandbox (stand-ins, its own PostgreSQL warehouse) with an organization whose admin can deploy
// Kickstart pipelines to it: what the reliability tests (chaos, faults, poll cadence) start from.
// The sandbox's descriptor and a sealing key go into process.env, so the app code under test and
// a worker process spawned from the test (it inherits the environment) reach the same sandbox.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '@/lib/authz/actor';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { resetEnvForTests } from '@/lib/env';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';
import { firstRunOrg, type TestOrg } from './factories';
import { ownerDb } from './owner-db';
import { driveDeploymentWhile } from './saga-driver';

export interface SandboxPipelines {
  sandbox: RunningSandbox;
  org: TestOrg;
  admin: Actor;
  editor: Actor;
  /** A new Kickstart pipeline, saved on the review step: ready to deploy. */
  readyPipeline(): Promise<string>;
  /** Requests a deploy of a new Kickstart pipeline, plans it in-process and confirms it. */
  confirmedDeploy(): Promise<{ pipelineId: string; deploymentId: string }>;
  stop(): Promise<void>;
}

/** `grouparooDir`: start the real Grouparoo too (installed there, shared across test files) and wait for it. */
export async function startSandboxPipelines(options: { label: string; timeScale: number; grouparooDir?: string }): Promise<SandboxPipelines> {
  process.env.TAPESTRY_SECRET_KEY = generateKeyEntry('kR').entry;
  const home = mkdtempSync(path.join(tmpdir(), `tapestry-${options.label}-`));
  chmodSync(home, 0o711);
  const grouparoo = options.grouparooDir !== undefined;
  const sandbox = await runSandbox({ home, log: () => undefined, grouparoo, grouparooDir: options.grouparooDir, timeScale: options.timeScale });
  if (grouparoo) {
    await sandbox.grouparooReady;
    if (!sandbox.descriptor().grouparoo) throw new Error('the sandbox did not start Grouparoo');
  }
  process.env.TAPESTRY_SANDBOX_FILE = sandbox.descriptorFile;
  resetEnvForTests();
  const org = await firstRunOrg();
  const admin = await org.member('ADMIN');
  const editor = await org.member('EDITOR');

  const readyPipeline = async () => {
    const made = await kickstart(editor, { target: 'sandbox' });
    await saveDesign(editor, { id: made.id, version: (await pipelineDetail(editor, made.id)).version });
    return made.id;
  };

  return {
    sandbox,
    org,
    admin,
    editor,
    readyPipeline,
    async confirmedDeploy() {
      const pipelineId = await readyPipeline();
      const { deploymentId } = await requestDeploy(admin, { pipelineId });
      const planned = await driveDeploymentWhile(org.orgId, deploymentId, ['PLANNING']);
      if (planned.state !== 'AWAITING_CONFIRMATION') throw new Error(`planning ended ${planned.state}: ${JSON.stringify(planned.error)}`);
      await confirmDeployment(admin, { deploymentId });
      return { pipelineId, deploymentId };
    },
    async stop() {
      await sandbox.stop();
      rmSync(home, { recursive: true, force: true });
      delete process.env.TAPESTRY_SANDBOX_FILE;
      resetEnvForTests();
    },
  };
}

/** Marks a deployment as watched (someone has its page open) or not, as the deploy page's stream does. */
export async function setWatched(deploymentId: string, watched: boolean): Promise<void> {
  await ownerDb().deployment.update({ where: { id: deploymentId }, data: { watchedUntil: watched ? new Date(Date.now() + 3_600_000) : null } });
}

/** What the CloudFormation stand-in holds under a stack name: stacks, change sets, executions, events. */
export function standInStack(sandbox: RunningSandbox, stackName: string) {
  const store = sandbox.sandbox.aws.cloudformation.engine.store;
  const stacks = store.all().filter((stack) => stack.name === stackName);
  const changeSets = stacks.flatMap((stack) => store.changeSetsOf(stack.stackId));
  return {
    stacks: stacks.length,
    statuses: stacks.map((stack) => stack.status),
    changeSets: changeSets.length,
    executed: changeSets.filter((cs) => cs.executionStatus.startsWith('EXECUTE_')).length,
    eventIds: stacks.flatMap((stack) => stack.events.map((e) => e.eventId)),
  };
}

/** The stack events Tapestry stored for a pipeline, in the order it stored them. */
export async function storedEventIds(pipelineId: string): Promise<string[]> {
  return (await ownerDb().stackEvent.findMany({ where: { pipelineId }, orderBy: { id: 'asc' }, select: { eventId: true } })).map((e) => e.eventId);
}

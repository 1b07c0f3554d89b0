// What a test file needs to deploy pipelines to the sandbox in-process: the sandbox (the protocol
// stand-ins and its PostgreSQL warehouse, without Grouparoo) in a home of its own, a READY
// Kickstart pipeline, and the worker's tick run until a deployment leaves the states given.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '@/lib/authz/actor';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { resetEnvForTests } from '@/lib/env';
import { advanceDeployment } from '@/lib/services/deployments/advance-deployment';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';
import { ownerDb } from './owner-db';

export interface TestSandbox {
  sandbox: RunningSandbox;
  stop(): Promise<void>;
}

/** Starts the sandbox fast (simulated provisioning at 1/500 speed) and points the app at it. */
export async function startTestSandbox(label: string): Promise<TestSandbox> {
  process.env.TAPESTRY_SECRET_KEY = generateKeyEntry('kT').entry;
  const home = mkdtempSync(path.join(tmpdir(), `tapestry-${label}-`));
  chmodSync(home, 0o711);
  const sandbox = await runSandbox({ home, log: () => undefined, grouparoo: false, timeScale: 0.002 });
  process.env.TAPESTRY_SANDBOX_FILE = sandbox.descriptorFile;
  resetEnvForTests();
  return {
    sandbox,
    async stop() {
      await sandbox.stop();
      rmSync(home, { recursive: true, force: true });
      delete process.env.TAPESTRY_SANDBOX_FILE;
      resetEnvForTests();
    },
  };
}

/** A Kickstart pipeline for the sandbox, saved on its review step: READY to deploy. */
export async function readyKickstartPipeline(editor: Actor): Promise<string> {
  const made = await kickstart(editor, { target: 'sandbox' });
  await saveDesign(editor, { id: made.id, version: (await pipelineDetail(editor, made.id)).version });
  return made.id;
}

/** Ticks the deployment as the worker would (ignoring its poll delays) until its state leaves `states`. */
export async function driveDeploymentWhile(id: string, states: readonly string[], limitMs = 90_000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const d = await ownerDb().deployment.findUniqueOrThrow({ where: { id } });
    if (!states.includes(d.state)) return d;
    if (Date.now() > deadline) throw new Error(`deployment still ${d.state} at step ${String(d.currentStep)}`);
    await advanceDeployment({ id, orgId: d.orgId });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

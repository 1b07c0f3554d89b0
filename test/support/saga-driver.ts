// Drives a deployment or a run the way the worker does (one tick after another, ignoring the
// poll delays in between) until it leaves the given states; bounded, so a stuck saga fails the
// test saying where it stood.
import { advanceDeployment } from '@/lib/services/deployments/advance-deployment';
import { advanceRun } from '@/lib/services/runs/advance-run';
import { ownerDb } from './owner-db';

export async function tickWhile<R extends { state: string }>(read: () => Promise<R>, tick: () => Promise<void>, states: string[], limitMs: number, describe: (r: R) => string): Promise<R> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const r = await read();
    if (!states.includes(r.state)) return r;
    if (Date.now() > deadline) throw new Error(`still ${r.state}: ${describe(r)}`);
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const readDeployment = (id: string) => ownerDb().deployment.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { position: 'asc' } } } });

export const readRun = (id: string) => ownerDb().pipelineRun.findUniqueOrThrow({ where: { id }, include: { stages: true } });

export function driveDeploymentWhile(orgId: string, id: string, states: string[], limitMs = 60_000) {
  return tickWhile(
    () => readDeployment(id),
    () => advanceDeployment({ id, orgId }),
    states,
    limitMs,
    (d) => `step ${String(d.currentStep)} ${JSON.stringify(d.steps.map((s) => [s.name, s.state, s.error]))}`,
  );
}

export function driveRunWhile(orgId: string, id: string, states: string[], limitMs = 90_000) {
  return tickWhile(() => readRun(id), () => advanceRun({ id, orgId }), states, limitMs, (r) => JSON.stringify(r.stages.map((s) => [s.stage, s.state, s.error])));
}

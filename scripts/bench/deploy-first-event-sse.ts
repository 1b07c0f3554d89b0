// Deploy → first stack event on the page (PERF-8), over HTTP from the running app as `npm start`
// runs it (web + worker + sandbox): press Deploy, open the deployment's event stream as the page
// does (which also marks the deployment watched), press Confirm when the stream shows the change
// set ready, and time the first `event: stack` frame. One deploy at a time, each read to its
// `event: end` so the next meets a quiet worker.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import { startApp } from './app-process';
import { createBenchInstall, type BenchInstall } from './deploy-install';
import { eventMessages } from './deploy-event-stream';
import { readyPipeline } from './deploy-seed';
import { nearestRank, seconds } from './deploy-stats';
import { signIn } from './sign-in';

export const EVENTS_ROUTE = 'app/(app)/[org]/(sections)/pipelines/[id]/deployments/[deploymentId]/events/route.ts';
const PORT = Number(process.env.BENCH_PORT || 3299);
const LIMIT_MS = 120_000;

interface StreamTimes {
  confirmToFrameMs: number;
  deployToFrameMs: number;
}

async function deployWatchingStream(install: BenchInstall, base: string, cookie: string): Promise<StreamTimes> {
  const pipelineId = await readyPipeline(install.actor);
  const pressedDeploy = performance.now();
  const { deploymentId } = await requestDeploy(install.actor, { pipelineId });
  const url = `${base}/${install.actor.orgSlug}/pipelines/${pipelineId}/deployments/${deploymentId}/events`;
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: AbortSignal.timeout(LIMIT_MS) });
  if (!response.ok) throw new Error(`the event stream answered ${response.status}`);
  let pressedConfirm: number | undefined;
  let firstFrame: number | undefined;
  for await (const message of eventMessages(response)) {
    if (message.event === 'deployment' && pressedConfirm === undefined && (JSON.parse(message.data) as { state?: string }).state === 'AWAITING_CONFIRMATION') {
      pressedConfirm = performance.now();
      await confirmDeployment(install.actor, { deploymentId });
    }
    if (message.event === 'stack' && firstFrame === undefined) firstFrame = message.at;
    if (message.event === 'end') break;
  }
  if (pressedConfirm === undefined || firstFrame === undefined) throw new Error('the stream ended without a change set to confirm or a stack event');
  return { confirmToFrameMs: firstFrame - pressedConfirm, deployToFrameMs: firstFrame - pressedDeploy };
}

export async function measureFirstEventsOverSse(count: number, timeScale: number): Promise<string[]> {
  if (!existsSync(path.resolve(EVENTS_ROUTE))) return ['  over HTTP (SSE): not measured: the deployment event stream route does not exist yet'];
  const install = await createBenchInstall({ sandboxFile: (home) => path.join(home, 'sandbox.json') });
  try {
    const app = await startApp({ ...install.processEnv, PORT: String(PORT), TAPESTRY_SANDBOX_TIME_SCALE: String(timeScale) }, install.home);
    try {
      const base = `http://localhost:${PORT}`;
      const cookie = await signIn(base, install.actor.email, install.password);
      const results: StreamTimes[] = [];
      for (let i = 0; i < count; i++) results.push(await deployWatchingStream(install, base, cookie));
      const median = (pick: (r: StreamTimes) => number) => seconds(nearestRank(results.map(pick), 50));
      return [
        `  over HTTP from the running app (npm start, ready in ${seconds(app.readyMs)}): median of ${count}: Confirm → first \`event: stack\` frame ${median((r) => r.confirmToFrameMs)}; Deploy → first frame ${median((r) => r.deployToFrameMs)} (Confirm pressed when the stream showed the change set)`,
      ];
    } finally {
      await app.stop();
    }
  } finally {
    await install.stop();
  }
}

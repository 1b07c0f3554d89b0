// `npm run bench -- deploy` (issue 5, PERF-8, REL-4): deploys and runs carried by the real worker
// process against the sandbox. In order: Deploy → first stack event on a quiet worker; then N
// Kickstart pipelines deployed at once (worker throughput, queue lag, connections, memory); then
// all of them scheduled every minute for three ticks (runs per tick, calls to the stand-ins per
// active run per minute); last, Deploy → first stack event again, read over HTTP from the running
// app's event stream (when the route exists). Prints figures; asserts nothing.
import { startDeployEnvironment } from './deploy-environment';
import { measureFirstEvents } from './deploy-first-event';
import { measureFirstEventsOverSse } from './deploy-first-event-sse';
import { RequestTally } from './deploy-request-tally';
import { measureScheduleWindow } from './deploy-schedule-window';
import { readyPipelines } from './deploy-seed';
import { seconds } from './deploy-stats';
import { measureThroughput } from './deploy-throughput';
import { startBenchWorker, workerLogLines, type BenchWorker } from './worker-process';
import { WorkerSampler } from './worker-sampler';

export interface DeployBenchOptions {
  pipelines: number;
  workers: number;
  /** Sandbox pace (1 = AWS's own); small, so the worker and not the simulated cloud is measured. */
  timeScale: number;
  firstEvents: number;
  /** The three-minute schedule window (skip it for a quick check of the rest). */
  schedule: boolean;
  /** The measurement through the running app (`npm start`, which builds first if sources changed). */
  app: boolean;
}

export const DEFAULT_DEPLOY_BENCH: DeployBenchOptions = { pipelines: 200, workers: 1, timeScale: 0.002, firstEvents: 5, schedule: true, app: true };

export async function benchDeploy(options: DeployBenchOptions, print: (line: string) => void): Promise<void> {
  const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
  progress('starting PostgreSQL, the sandbox and the worker');
  const env = await startDeployEnvironment({ timeScale: options.timeScale });
  const workers: BenchWorker[] = [];
  const sampler = new WorkerSampler(env.owner, () => workers.map((w) => w.pid));
  const tally = new RequestTally(env.sandbox);
  try {
    for (let i = 0; i < options.workers; i++) workers.push(await startBenchWorker(env.workerEnv));
    sampler.start();
    tally.start();
    print(`deploy and run: ${options.pipelines} Kickstart sandbox pipelines in one organization, ${options.workers} worker process(es), sandbox time scale ${options.timeScale}`);

    progress(`${options.firstEvents} deploys one at a time`);
    print('Deploy → first stack event (quiet worker):');
    for (const line of await measureFirstEvents(env, options.firstEvents)) print(line);

    progress(`Kickstart and save ${options.pipelines} pipelines`);
    const seeded = Date.now();
    const pipelineIds = await readyPipelines(env.actor, options.pipelines);
    print(`worker throughput (${options.pipelines} pipelines made and saved in ${seconds(Date.now() - seeded)}, not counted):`);
    progress(`deploying ${options.pipelines} pipelines`);
    const throughput = await measureThroughput(env, pipelineIds, { sampler, tally });
    for (const line of throughput.lines) print(line);

    if (options.schedule && throughput.deployed.length > 0) {
      progress('every pipeline scheduled each minute for three ticks');
      print('schedules firing every minute:');
      for (const line of await measureScheduleWindow(env, throughput.deployed, { sampler, tally })) print(line);
    }
    for (const line of workerLogLines(workers)) print(line);
  } finally {
    sampler.stop();
    tally.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await env.stop();
  }
  if (options.app) {
    progress(`${options.firstEvents} deploys watched over HTTP through the running app`);
    print('Deploy → first stack event on the page:');
    for (const line of await measureFirstEventsOverSse(options.firstEvents, options.timeScale)) print(line);
  }
}

// Starts and stops `scripts/start.ts` the way a user does, for the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface RunningApp {
  process: ChildProcess;
  /** Milliseconds from spawn to the "ready" line. */
  readyMs: number;
  /** The web server's pid, from the install's run.json. */
  webPid: number;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string>, home: string): Promise<RunningApp> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    // The sandbox starts as for a user, but without the real Grouparoo: its first install and boot
    // (a minute of both cores) would be measured instead of Tapestry.
    env: { ...process.env, TAPESTRY_GROUPAROO: 'off', ...env, TAPESTRY_HOME: home, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tapestry is ready')) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
  });
  const run = JSON.parse(readFileSync(path.join(home, 'run.json'), 'utf8')) as { web: number };
  return {
    process: child,
    readyMs,
    webPid: run.web,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

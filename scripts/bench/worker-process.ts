// The worker as `npm run worker` runs it, as a child of the benchmark: started, waited on until it
// says it is ready, its log lines tallied by level (warnings and errors are part of the result),
// and stopped with SIGTERM as a supervisor would.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 35_000;

export interface BenchWorker {
  pid: number;
  /** Counts of log lines at warn and error (or fatal) level so far. */
  problems(): { warnings: number; errors: number; lastError?: string };
  stop(): Promise<void>;
}

interface LogLine {
  level?: number;
  msg?: string;
  err?: { message?: string };
}

function parse(line: string): LogLine | undefined {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return undefined;
  }
}

export async function startBenchWorker(env: Record<string, string>): Promise<BenchWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let warnings = 0;
  let errors = 0;
  let lastError: string | undefined;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = parse(text);
      if (!line) return;
      if (line.msg === 'worker ready') resolve();
      if ((line.level ?? 0) >= 50) {
        errors++;
        lastError = `${line.msg ?? ''}${line.err?.message ? `: ${line.err.message}` : ''}`;
      } else if (line.level === 40) warnings++;
    });
    void exited.then((code) => reject(new Error(`the worker exited with ${code} before it was ready:\n${stderr}`)));
    setTimeout(() => reject(new Error('the worker was not ready within a minute')), READY_TIMEOUT_MS).unref();
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid!,
    problems: () => ({ warnings, errors, lastError }),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

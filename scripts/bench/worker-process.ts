// The worker as `npm run worker` runs it, as a child of the benchmark: started, waited on until it
// says it is ready, its log lines tallied by level (warnings and errors are part of the result),
// and stopped with SIGTERM as a supervisor would.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 35_000;

export interface BenchWorker {
  pid: number;
  /** Log lines at warn and at error (or fatal) level so far, counted by message. */
  problems(): { warnings: Record<string, number>; errors: Record<string, number> };
  stop(): Promise<void>;
}

interface LogLine {
  level?: number;
  msg?: string;
  code?: string;
  step?: string;
  stage?: string;
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
  const warnings: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = parse(text);
      if (!line) return;
      if (line.msg === 'worker ready') resolve();
      const tally = (line.level ?? 0) >= 50 ? errors : line.level === 40 ? warnings : undefined;
      if (!tally) return;
      const where = [line.step ?? line.stage, line.code].filter(Boolean).join(', ');
      const message = `${line.msg ?? ''}${where ? ` (${where})` : ''}${line.err?.message ? `: ${line.err.message.slice(0, 120)}` : ''}`;
      tally[message] = (tally[message] ?? 0) + 1;
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
    problems: () => ({ warnings: { ...warnings }, errors: { ...errors } }),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** "worker log: 3 warning(s): 2× …; 1× …" and the same for errors, over all workers. */
export function workerLogLines(workers: readonly BenchWorker[]): string[] {
  return (['warnings', 'errors'] as const).map((level) => {
    const counts: Record<string, number> = {};
    for (const w of workers) for (const [message, n] of Object.entries(w.problems()[level])) counts[message] = (counts[message] ?? 0) + n;
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const top = Object.entries(counts).sort(([, a], [, b]) => b - a).slice(0, 3).map(([message, n]) => `${n}× ${message}`);
    return `worker log: ${total} ${level}${top.length ? `: ${top.join('; ')}` : ''}`;
  });
}

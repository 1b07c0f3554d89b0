// The worker as production runs it (`npm run worker`), as a child process of the test.
import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function startWorker(): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker.ts'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

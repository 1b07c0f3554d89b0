// Child processes started in their own process group, so stopping one also stops anything it
// spawned (npm's scripts, Grouparoo's workers): SIGTERM to the group, a bounded wait, SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface GroupChild {
  process: ChildProcess;
  pid: number;
  /** Settles with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** A child's whole environment (Next's typings make NODE_ENV mandatory in NodeJS.ProcessEnv). */
export type ChildEnv = Record<string, string | undefined>;

export interface SpawnGroupOptions {
  cwd: string;
  env: ChildEnv;
  onLine: (line: string) => void;
}

export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): GroupChild {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A spawn failure (command not found) emits 'error' and never 'exit'.
    child.once('error', (error) => {
      options.onLine(`${command}: ${error.message}`);
      resolve(-1);
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', options.onLine);
  }
  return { process: child, pid: child.pid ?? -1, exited };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals the whole group; a group that is already gone is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, wait up to `graceMs` for the leader to exit, then SIGKILL whatever is left of the group. */
export async function stopGroup(child: GroupChild, graceMs: number): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    signalGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(timer);
  }
  // The leader may exit before a straggler in its group does.
  signalGroup(child.pid, 'SIGKILL');
  for (let waited = 0; groupExists(child.pid) && waited < graceMs; waited += 50) await sleep(50);
}

function groupExists(pgid: number): boolean {
  if (pgid <= 0) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

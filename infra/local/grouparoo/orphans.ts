// Every running Grouparoo leaves `<dir>/run/<pid>` behind until it is stopped. If the Tapestry
// that started one was killed hard, that Grouparoo lives on, still working on its database; the
// next start stops such orphans (parent gone, command line still Grouparoo's) before it begins.
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, signalGroup } from './process-group';

const runDir = (dir: string) => path.join(dir, 'run');

export async function recordRunning(dir: string, pid: number): Promise<void> {
  await mkdir(runDir(dir), { recursive: true });
  await writeFile(path.join(runDir(dir), String(pid)), '');
}

export async function forgetRunning(dir: string, pid: number): Promise<void> {
  await rm(path.join(runDir(dir), String(pid)), { force: true });
}

/** `ppid` and command line from /proc; undefined where there is no /proc (macOS). */
async function describe(pid: number): Promise<{ ppid: number; cmdline: string } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (stat === undefined || cmdline === undefined) return undefined;
  // "pid (comm) state ppid …": comm may contain spaces, so split after the last ')'.
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return { ppid, cmdline: cmdline.replaceAll('\0', ' ') };
}

export async function stopOrphans(dir: string, log: (line: string) => void, graceMs: number): Promise<void> {
  const pids = (await readdir(runDir(dir)).catch(() => [] as string[])).map(Number).filter((pid) => pid > 0);
  for (const pid of pids) {
    if (!isAlive(pid)) {
      await forgetRunning(dir, pid);
      continue;
    }
    const info = await describe(pid);
    // A live parent means another Tapestry still owns it; unknown means we cannot tell: leave it.
    if (!info || info.ppid !== 1 || !info.cmdline.includes('grouparoo.js')) continue;
    log(`stopping an orphaned Grouparoo (pid ${pid}) left by a Tapestry that did not shut down`);
    signalGroup(pid, 'SIGTERM');
    for (let waited = 0; isAlive(pid) && waited < graceMs; waited += 100) await new Promise((r) => setTimeout(r, 100));
    signalGroup(pid, 'SIGKILL');
    await forgetRunning(dir, pid);
  }
}

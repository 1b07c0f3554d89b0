// One installer at a time per folder: `npm start` and a test run may both want Grouparoo, and two
// `npm ci` in one folder corrupt each other. The lock is a directory (mkdir is atomic) holding
// the owner's pid, so a lock left by a killed process is recognised and taken over.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './process-group';

const POLL_MS = 500;

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  await writeFile(path.join(lockDir, 'owner'), String(process.pid));
  return true;
}

async function ownerIsGone(lockDir: string): Promise<boolean> {
  const owner = Number(await readFile(path.join(lockDir, 'owner'), 'utf8').catch(() => ''));
  // No owner file yet: the holder is between mkdir and writeFile; give it time.
  if (!owner) return false;
  return owner !== process.pid && !isAlive(owner);
}

export async function withInstallLock<T>(lockDir: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  while (!(await tryAcquire(lockDir))) {
    if (await ownerIsGone(lockDir)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another Grouparoo install into ${path.dirname(lockDir)} is still running after ${Math.round(waitMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

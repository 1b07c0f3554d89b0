// A hash of everything that goes into `next build`, so `npm start` rebuilds only when the app's
// sources, configuration or dependencies changed (and a fresh clone builds once).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app', 'components', 'lib', 'public', 'prisma/schema.prisma', 'proxy.ts', 'next.config.ts',
  'postcss.config.mjs', 'tsconfig.json', 'package-lock.json',
];
const SKIP = new Set(['generated', 'node_modules', '.next']);

function walk(root: string, entry: string, files: string[]): void {
  const full = path.join(root, entry);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(full);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const child of readdirSync(full).sort()) {
      if (!SKIP.has(child)) walk(root, path.join(entry, child), files);
    }
  } else {
    files.push(entry);
  }
}

export function buildFingerprint(root = process.cwd()): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(root, input, files);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export const FINGERPRINT_FILE = path.join('.next', 'standalone', '.tapestry-build');

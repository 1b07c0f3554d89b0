// Where the sandbox's Grouparoo lives: its committed npm manifest (next to this file) and the
// folder it is installed into (git-ignored, outside the app's own node_modules).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The checkout's root (this file is infra/local/grouparoo/paths.ts). */
export const repoRoot = path.resolve(here, '../../..');

/** The committed package.json + package-lock.json that pin Grouparoo and its postgres plugin. */
export const manifestDir = path.join(here, 'manifest');

export const MANIFEST_FILES = ['package.json', 'package-lock.json'] as const;

/** The Grouparoo version the manifest pins; an install with another one is redone. */
export const GROUPAROO_VERSION = '0.9.0';

/** `<home>/grouparoo`, with `<repo>/.tapestry` as the default home (the caller resolves TAPESTRY_HOME). */
export function grouparooInstallDir(home?: string): string {
  return path.join(home ?? path.join(repoRoot, '.tapestry'), 'grouparoo');
}

/** Grouparoo must run with its own package folder as the working directory. */
export function grouparooCoreDir(dir: string): string {
  return path.join(dir, 'node_modules', '@grouparoo', 'core');
}

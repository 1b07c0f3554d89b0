// One real PostgreSQL for the whole integration run: a throwaway embedded cluster with a
// template database that has every migration applied. Each test file clones it
// (test/support/database-per-file.ts), so files never see each other's rows.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';

export const TEMPLATE_DATABASE = 'tapestry_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgPort: number;
    pgPassword: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const home = `/tmp/tapestry-vitest-${randomBytes(4).toString('hex')}`;
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o711); // as root, PostgreSQL runs as `postgres` and must reach its folder
  const password = randomBytes(12).toString('hex');
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password, ephemeral: true });
  await cluster.ensureDatabase(TEMPLATE_DATABASE);
  await migrate(cluster.url(TEMPLATE_DATABASE));
  project.provide('pgPort', cluster.port);
  project.provide('pgPassword', password);
  return async () => {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  };
}

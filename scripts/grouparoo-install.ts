// `tsx scripts/grouparoo-install.ts`: installs the sandbox's real Grouparoo into
// <TAPESTRY_HOME or .tapestry>/grouparoo ahead of time (npm start does it on first use anyway).
import { pathToFileURL } from 'node:url';
import { grouparooInstallDir, installGrouparoo } from '../infra/local/grouparoo';

async function main(): Promise<void> {
  const dir = grouparooInstallDir(process.env.TAPESTRY_HOME || undefined);
  const result = await installGrouparoo(dir, (line) => process.stdout.write(`${line}\n`));
  const seconds = (result.ms / 1000).toFixed(1);
  process.stdout.write(result.installed ? `Grouparoo installed in ${dir} (${seconds} s)\n` : `Grouparoo already installed in ${dir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

// Test-side entry to seeding: runs e2e/support/seed-cli.ts and returns its JSON result.
import { execFileSync } from 'node:child_process';
import type { SeedCommand, SeedCommands } from './seed-commands';

export function seed<C extends SeedCommand>(
  command: C,
  payload: Parameters<SeedCommands[C]>[0],
): Awaited<ReturnType<SeedCommands[C]>> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'e2e/support/seed-cli.ts', command, JSON.stringify(payload ?? {})], {
    env: process.env,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? 'null');
}

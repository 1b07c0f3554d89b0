// Runs a seeding command against the e2e database in a child process (`node --import tsx`), so
// tests can call the real services (ESM Prisma client, argon2) without loading them into
// Playwright's own module loader. Prints one JSON line with the result.
import { resetEnvForTests } from '@/lib/env';
import { disconnectDb } from '@/lib/db';
import { disconnectOwnerDb } from '../../test/support/owner-db';
import { seedCommands, type SeedCommand } from './seed-commands';

async function main(): Promise<void> {
  const [command, payload] = process.argv.slice(2) as [SeedCommand, string | undefined];
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  process.env.NEXTAUTH_SECRET = process.env.E2E_NEXTAUTH_SECRET;
  process.env.TAPESTRY_PASSWORD_PEPPER = process.env.E2E_PASSWORD_PEPPER;
  // Credentials seeded here must open in the app: the same key, and the same sandbox.
  process.env.TAPESTRY_SECRET_KEY = process.env.E2E_SECRET_KEY;
  process.env.TAPESTRY_SANDBOX_FILE = process.env.E2E_SANDBOX_FILE;
  resetEnvForTests();
  const run = seedCommands[command];
  if (!run) throw new Error(`unknown seed command ${command}`);
  const result = await run(payload ? JSON.parse(payload) : {});
  process.stdout.write(`${JSON.stringify(result ?? null)}\n`);
  await disconnectDb();
  await disconnectOwnerDb();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

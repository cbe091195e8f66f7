/**
 * Playwright for the end-to-end tests. `npm test` (tests/run.ts) resolves the
 * Chromium to use — installing one if needed — and passes it in CHAMBER_CHROMIUM.
 */
import { defineConfig } from '@playwright/test';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig({
  testDir: 'e2e',
  // Playwright empties this at start; CHAMBER_TEST_RESULTS lets concurrent runs in one checkout keep apart.
  outputDir: process.env.CHAMBER_TEST_RESULTS ?? '../test-results',
  // Two cores: the tests start servers and hosts of their own.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // tests/run.ts reads the JSON report for its closing `N passed, N failed` line.
  reporter: process.env.CHAMBER_PLAYWRIGHT_JSON ? [['list'], ['json', { outputFile: process.env.CHAMBER_PLAYWRIGHT_JSON }]] : 'list',
  timeout: 120_000,
  use: {
    launchOptions: {
      executablePath: process.env.CHAMBER_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});

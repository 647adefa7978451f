import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

// Workers load this file again: the runner's choices travel to them through the environment.
process.env.MUSTER_E2E_WEB_PORT ??= String(await freePort());
process.env.MUSTER_E2E_SYNC_PORT ??= String(await freePort());
process.env.MUSTER_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'muster-e2e-'));
const webPort = process.env.MUSTER_E2E_WEB_PORT;
const syncPort = process.env.MUSTER_E2E_SYNC_PORT;
const dataDir = process.env.MUSTER_E2E_DATA_DIR;
const baseURL = `http://127.0.0.1:${webPort}`;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

export default defineConfig({
  testDir: '.',
  globalTeardown: './global-teardown.ts',
  // Failure traces and screenshots land beside ours (ignored by git, ESLint and Prettier).
  outputDir: join(root, 'tests/e2e/artifacts/results'),
  // Tests share one server and one data dir; each test signs up its own people.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'en-US',
    launchOptions: chromium,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'off',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromium } }],
  webServer: [
    {
      // The relay shares the data dir: the web app's tokens must be signed with its secret.
      command: 'pnpm --filter @muster/sync-server start',
      cwd: root,
      url: `http://127.0.0.1:${syncPort}/healthz`,
      env: {
        MUSTER_DATA_DIR: dataDir,
        MUSTER_SYNC_PORT: syncPort,
        MUSTER_SYNC_HOST: '127.0.0.1',
        MUSTER_LOG_LEVEL: 'warn',
      },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'pnpm --filter @muster/web run build && node apps/web/build',
      cwd: root,
      url: `${baseURL}/signin`,
      env: {
        PORT: webPort,
        HOST: '127.0.0.1',
        ORIGIN: baseURL,
        MUSTER_DATA_DIR: dataDir,
        MUSTER_SYNC_URL: `ws://127.0.0.1:${syncPort}`,
      },
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});

import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';

// Every editor test runs in a real Chromium (Debian's, Playwright cannot download one here):
// contenteditable, selection, clipboard events and the y-prosemirror view binding need it.
export default defineProject({
  test: {
    name: 'editor',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});

import { defineConfig } from 'vitest/config';

// One Vitest run for the whole workspace: every package/app with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config*.ts',
      'tests/vitest.config*.ts',
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});

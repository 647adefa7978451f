import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync-server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests spawn relay processes and CLIs; a loaded 2-core CI machine needs room.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});

import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync-server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests spawn relay processes and CLIs; a loaded 2-core CI machine needs room.
    testTimeout: 180_000,
    hookTimeout: 90_000,
  },
});

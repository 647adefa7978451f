import { defineProject } from 'vitest/config';

// Unit tests of the server modules only; they need no SvelteKit runtime.
export default defineProject({
  test: { name: 'web', include: ['src/**/*.test.ts'], environment: 'node' },
});

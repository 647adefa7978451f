import { defineProject } from 'vitest/config';

// The server tests that use the SQL store, once more against the real PostgreSQL (a fresh schema
// per test): the PostgreSQL store must behave exactly like the SQLite one.
export default defineProject({
  test: {
    name: 'web-postgres',
    include: [
      'src/lib/server/auth/accounts.test.ts',
      'src/lib/server/auth/session.test.ts',
      'src/lib/server/workspaces/*.test.ts',
    ],
    environment: 'node',
    env: { MUSTER_TEST_STORE: 'postgres' },
  },
});

/**
 * The store the server unit tests run against. `MUSTER_TEST_STORE=postgres` (the `web-postgres`
 * Vitest project) gives each test a fresh schema in the real PostgreSQL, dropped on close;
 * otherwise an in-memory SQLite store. With CI=true an unreachable PostgreSQL fails the test;
 * elsewhere the test is skipped with one line saying how to start it.
 */
import pg from 'pg';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

const DATABASE_URL =
  process.env.MUSTER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let opened = 0;

/** What `beforeEach` passes: its test context can skip the test. */
interface TestContext {
  skip(note?: string): void;
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Open the store under test (see the module comment). */
export async function openTestStore(context: TestContext): Promise<Store> {
  if (process.env.MUSTER_TEST_STORE !== 'postgres') return openSqliteStore(':memory:');
  if (!(await reachable())) {
    const message = `PostgreSQL at ${DATABASE_URL} unreachable`;
    if (process.env.CI === 'true') throw new Error(`${message}; CI requires it.`);
    console.warn(
      `Skipping: ${message}. Start it (pg_ctlcluster 15 main start) or set MUSTER_TEST_DATABASE_URL.`,
    );
    context.skip(message);
  }
  const schema = `web_test_${process.pid}_${Date.now().toString(36)}_${opened++}`;
  const store = await openPostgresStore({
    connectionString: DATABASE_URL,
    schema,
    maxConnections: 2,
  });
  return {
    ...store,
    async close() {
      await store.close();
      const admin = new pg.Client({ connectionString: DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

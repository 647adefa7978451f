/**
 * What only the PostgreSQL store has to get right: migrations that several web processes run at
 * once, and one process seeing what another wrote. (Its behaviour otherwise is checked by the
 * account, session and workspace tests, which the `web-postgres` project runs against it.)
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from './postgres-store';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';

const DATABASE_URL =
  process.env.MUSTER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const available = await reachable();
if (!available && process.env.CI === 'true')
  throw new Error(`PostgreSQL at ${DATABASE_URL} unreachable; CI requires it.`);
if (!available)
  console.warn(
    `Skipping: PostgreSQL at ${DATABASE_URL} unreachable (pg_ctlcluster 15 main start).`,
  );

const schema = `web_pgstore_${process.pid}_${Date.now().toString(36)}`;

afterAll(async () => {
  if (!available) return;
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

describe.skipIf(!available)('PostgreSQL store', () => {
  it('three processes starting at once migrate once and share accounts and sessions', async () => {
    const stores = await Promise.all(
      [0, 1, 2].map(() => openPostgresStore({ connectionString: DATABASE_URL, schema })),
    );
    const [a, b, c] = stores as [(typeof stores)[0], (typeof stores)[0], (typeof stores)[0]];
    try {
      const admin = new pg.Client({ connectionString: DATABASE_URL });
      await admin.connect();
      const versions = await admin.query<{ version: number }>(
        `SELECT version FROM ${schema}.web_migrations ORDER BY version`,
      );
      await admin.end();
      expect(versions.rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));

      await a.createUser({ id: 'u1', email: 'li@example.org', name: '李雷', passwordHash: 'h' });
      const expiresAt = new Date(Date.now() + 60_000);
      await b.insertSession({ id: 's1', userId: 'u1', expiresAt });
      expect(await c.sessionWithUser('s1')).toEqual({
        session: { id: 's1', userId: 'u1', expiresAt },
        user: { id: 'u1', email: 'li@example.org', name: '李雷' },
      });
      // A duplicate e-mail is refused by the database, whichever process tries.
      await expect(
        c.createUser({ id: 'u2', email: 'li@example.org', name: 'x', passwordHash: 'h' }),
      ).rejects.toThrow();
      await a.deleteUserSessions('u1');
      expect(await b.sessionWithUser('s1')).toBeNull();
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(
      openPostgresStore({ connectionString: DATABASE_URL, schema: 'x; DROP TABLE y' }),
    ).rejects.toThrow(/Invalid PostgreSQL schema name/);
  });
});

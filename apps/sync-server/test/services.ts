/**
 * The real PostgreSQL and Redis on this machine, for the scale-out tests. With CI=true a test file
 * that needs them fails when they are unreachable; elsewhere it is skipped with one line saying
 * how to start them.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

export const DATABASE_URL =
  process.env.MUSTER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.MUSTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function redisReachable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** True when every named service answers; throws under CI=true when one does not. */
export async function servicesAvailable(needs: {
  postgres?: boolean;
  redis?: boolean;
}): Promise<boolean> {
  const missing: string[] = [];
  if (needs.postgres && !(await postgresReachable())) missing.push(`PostgreSQL at ${DATABASE_URL}`);
  if (needs.redis && !(await redisReachable())) missing.push(`Redis at ${REDIS_URL}`);
  if (missing.length === 0) return true;
  if (process.env.CI === 'true')
    throw new Error(`${missing.join(' and ')} unreachable; CI requires it.`);
  console.warn(
    `Skipping: ${missing.join(' and ')} unreachable. Start PostgreSQL (pg_ctlcluster 15 main start) and Redis (redis-server --daemonize yes), or set MUSTER_TEST_DATABASE_URL / MUSTER_TEST_REDIS_URL.`,
  );
  return false;
}

/** Drop a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}

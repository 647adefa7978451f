import type pg from 'pg';

/**
 * Apply the numbered `steps` not yet recorded in `{schema}.{table}`, each in its own transaction,
 * under a PostgreSQL advisory lock named `lockKey`, so several relay processes starting at once
 * migrate exactly once. A step never changes once released; add a new one instead.
 */
export async function runPostgresMigrations(
  pool: pg.Pool,
  options: { schema: string; table: string; lockKey: string; steps: readonly string[] },
): Promise<void> {
  const { schema, table, lockKey, steps } = options;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 1))', [lockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.${table} (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const done = await client.query<{ version: number }>(`SELECT version FROM ${schema}.${table}`);
    const applied = new Set(done.rows.map((r) => r.version));
    for (let v = 1; v <= steps.length; v++) {
      if (applied.has(v)) continue;
      await client.query('BEGIN');
      try {
        await client.query(steps[v - 1] as string);
        await client.query(`INSERT INTO ${schema}.${table} (version) VALUES ($1)`, [v]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtextextended($1, 1))', [lockKey])
      .catch(() => {});
    client.release();
  }
}

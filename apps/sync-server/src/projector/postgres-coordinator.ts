import pg from 'pg';
import { holderId, LeaseLostError, type ProjectionCoordinator } from './coordination';
import { runPostgresMigrations } from '../storage/postgres-migrate';

/** Options of {@link openPostgresCoordinator}. */
export interface PostgresCoordinatorOptions {
  connectionString: string;
  /** The relay's schema (the projector's tables sit beside `updates` and `snapshots`). */
  schema: string;
  /** How long a lease outlives its holder's last heartbeat. */
  leaseMs: number;
  /** Defaults to `{pid}-{random}`. */
  holder?: string;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

// Each entry runs once, in order, in a transaction; versions recorded in projector_migrations.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE projector_leases (
     form TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL
   );
   CREATE SEQUENCE projector_pending_gen;
   CREATE TABLE projector_pending (
     room TEXT PRIMARY KEY,
     form TEXT NOT NULL,
     gen BIGINT NOT NULL
   );
   CREATE INDEX projector_pending_form ON projector_pending (form);
   CREATE TABLE projector_ledger (
     room TEXT PRIMARY KEY,
     sv BYTEA NOT NULL,
     upto BIGINT NOT NULL,
     projections INT NOT NULL,
     last_holder TEXT NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
   );`,
];

/**
 * The projector's coordination for several relay processes, in PostgreSQL:
 *
 * - `projector_pending`: submission rooms with committed changes not yet projected. The process
 *   that commits a change marks the room (after the commit); a projection clears the mark only if
 *   it was not marked again meanwhile (`gen`).
 * - `projector_leases`: one row per form while a process projects it. Taken when free or expired
 *   (PostgreSQL's clock decides, so process clocks may differ), renewed by a heartbeat, deleted
 *   when the work is done. A holder killed with -9 stops renewing; after `leaseMs` another
 *   process's sweep takes the form over and projects what is still pending.
 * - `projector_ledger`: per room, what was projected. Written in the same transaction that checks
 *   the lease is still ours (fencing), so a holder that lost its lease cannot record.
 */
export async function openPostgresCoordinator(
  options: PostgresCoordinatorOptions,
): Promise<ProjectionCoordinator> {
  const { schema, leaseMs } = options;
  if (!SCHEMA_RE.test(schema))
    throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}.`);
  if (!Number.isInteger(leaseMs) || leaseMs < 100)
    throw new Error(`The projector lease must be at least 100 ms, got ${leaseMs}.`);
  const holder = options.holder ?? holderId();
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: 4,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', () => {});
  await migrate(pool, schema);

  const held = new Set<string>();
  // Renew well before expiry, so one slow query does not lose a lease.
  const heartbeat = setInterval(
    () => {
      if (held.size === 0) return;
      pool
        .query(
          `UPDATE projector_leases SET expires_at = now() + $3 * interval '1 millisecond'
         WHERE holder = $1 AND form = ANY($2::text[])`,
          [holder, [...held], leaseMs],
        )
        .catch(() => {
          // The next beat retries; a lease that expires meanwhile is fenced at record time.
        });
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();

  async function release(form: string): Promise<void> {
    held.delete(form);
    await pool.query('DELETE FROM projector_leases WHERE form = $1 AND holder = $2', [
      form,
      holder,
    ]);
  }

  return {
    holder,
    shared: true,
    async markPending(room, form) {
      await pool.query(
        `INSERT INTO projector_pending (room, form, gen) VALUES ($1, $2, nextval('projector_pending_gen'))
         ON CONFLICT (room) DO UPDATE SET gen = excluded.gen`,
        [room, form],
      );
    },
    async pendingForms() {
      const res = await pool.query<{ form: string }>('SELECT DISTINCT form FROM projector_pending');
      return res.rows.map((r) => r.form);
    },
    async pendingRooms(form) {
      const res = await pool.query<{ room: string; gen: string }>(
        'SELECT room, gen FROM projector_pending WHERE form = $1 ORDER BY gen',
        [form],
      );
      return res.rows.map((r) => ({ room: r.room, gen: Number(r.gen) }));
    },
    async acquire(form) {
      const res = await pool.query(
        `INSERT INTO projector_leases (form, holder, expires_at)
           VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (form) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE projector_leases.holder = excluded.holder OR projector_leases.expires_at < now()`,
        [form, holder, leaseMs],
      );
      const ok = res.rowCount === 1;
      if (ok) held.add(form);
      return ok;
    },
    release,
    async entry(room) {
      const res = await pool.query<{ sv: Buffer; upto: string; projections: number }>(
        'SELECT sv, upto, projections FROM projector_ledger WHERE room = $1',
        [room],
      );
      const row = res.rows[0];
      return row
        ? { sv: new Uint8Array(row.sv), upto: Number(row.upto), projections: row.projections }
        : undefined;
    },
    async record(form, p, projection) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Fencing: the lease row is locked and checked in the transaction that writes the ledger.
        const lease = await client.query(
          `SELECT 1 FROM projector_leases
           WHERE form = $1 AND holder = $2 AND expires_at > now() FOR UPDATE`,
          [form, holder],
        );
        if (lease.rowCount !== 1) throw new LeaseLostError(form);
        await client.query(
          `INSERT INTO projector_ledger (room, sv, upto, projections, last_holder)
             VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (room) DO UPDATE SET sv = excluded.sv,
             upto = GREATEST(projector_ledger.upto, excluded.upto),
             projections = projector_ledger.projections + excluded.projections,
             last_holder = excluded.last_holder, updated_at = now()`,
          [p.room, Buffer.from(projection.sv), projection.upto, projection.wrote ? 1 : 0, holder],
        );
        await client.query('DELETE FROM projector_pending WHERE room = $1 AND gen = $2', [
          p.room,
          p.gen,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async markStale() {
      // Exact and cheap: a submission room whose newest stored sequence number is beyond what
      // the ledger recorded has something unprojected (or only our receipts; a no-op then).
      const res = await pool.query(
        `INSERT INTO projector_pending (room, form, gen)
         SELECT s.room,
                'ws/' || split_part(s.room, '/', 2) || '/form/' || split_part(s.room, '/', 4),
                nextval('projector_pending_gen')
         FROM (
           SELECT room, MAX(seq) AS top FROM updates WHERE room LIKE 'ws/%/sub/%/%' GROUP BY room
           UNION ALL
           SELECT room, upto FROM snapshots WHERE room LIKE 'ws/%/sub/%/%'
         ) s
         LEFT JOIN projector_ledger l ON l.room = s.room
         WHERE l.room IS NULL OR s.top > l.upto
         GROUP BY s.room
         ON CONFLICT (room) DO NOTHING`,
      );
      return res.rowCount ?? 0;
    },
    async close() {
      clearInterval(heartbeat);
      for (const form of [...held]) await release(form).catch(() => {});
      await pool.end();
    },
  };
}

function migrate(pool: pg.Pool, schema: string): Promise<void> {
  return runPostgresMigrations(pool, {
    schema,
    table: 'projector_migrations',
    lockKey: `muster-projector-migrate:${schema}`,
    steps: MIGRATIONS,
  });
}

import pg from 'pg';
import type { AppendItem, RoomInfo, RoomStorage, StoredRoom } from './storage';
import { runPostgresMigrations } from './postgres-migrate';

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Schema holding Muster's tables (created if missing); lets tests and tenants stay apart. */
  schema?: string;
  /** Pool size per process. */
  maxConnections?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

// Each entry runs once, in order, inside a transaction; the applied version is recorded.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS updates (
     seq BIGSERIAL PRIMARY KEY,
     room TEXT NOT NULL,
     data BYTEA NOT NULL
   );
   CREATE INDEX IF NOT EXISTS updates_room_seq ON updates (room, seq);
   CREATE TABLE IF NOT EXISTS snapshots (
     room TEXT PRIMARY KEY,
     data BYTEA NOT NULL,
     upto BIGINT NOT NULL
   );`,
];

/**
 * PostgreSQL room storage for running several relay processes (issue 9): the same contract as the
 * SQLite storage. A commit is durable when PostgreSQL acknowledges it (`synchronous_commit` on).
 *
 * Several processes append to one room concurrently, and sequence numbers are global, so a row
 * with a lower `seq` could commit after one with a higher `seq` and be deleted by a compaction
 * that never saw it. Appends therefore take a per-room advisory lock for their transaction: within
 * a room, commit order equals `seq` order, and "every row up to `upto`" is well defined.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<RoomStorage> {
  const schema = options.schema ?? 'muster';
  if (!SCHEMA_RE.test(schema))
    throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}.`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Every connection works inside our schema.
    options: `-c search_path=${schema}`,
  });
  // A dropped idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});

  await migrate(pool, schema);

  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async function lockRooms(client: pg.PoolClient, rooms: Iterable<string>): Promise<void> {
    // Sorted, so two batches touching the same rooms cannot deadlock.
    for (const room of [...new Set(rooms)].sort()) {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [room]);
    }
  }

  return {
    async appendUpdates(items: readonly AppendItem[]): Promise<number[]> {
      if (items.length === 0) return [];
      return transaction(async (client) => {
        await lockRooms(
          client,
          items.map((i) => i.room),
        );
        const res = await client.query<{ seq: string; ord: string }>(
          `INSERT INTO updates (room, data)
             SELECT room, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t(room, data, ord)
             ORDER BY ord
           RETURNING seq`,
          [items.map((i) => i.room), items.map((i) => Buffer.from(i.update))],
        );
        // Sequence values are drawn in row order, so sorting them restores the items' order.
        return res.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
      });
    },

    async loadRoom(room: string): Promise<StoredRoom> {
      return transaction(async (client) => {
        // One snapshot of the database for both reads.
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const snap = await client.query<{ data: Buffer; upto: string }>(
          'SELECT data, upto FROM snapshots WHERE room = $1',
          [room],
        );
        const log = await client.query<{ seq: string; data: Buffer }>(
          'SELECT seq, data FROM updates WHERE room = $1 ORDER BY seq',
          [room],
        );
        const updates = log.rows.map((r) => ({
          seq: Number(r.seq),
          update: new Uint8Array(r.data),
        }));
        const upto = snap.rows[0] ? Number(snap.rows[0].upto) : 0;
        return {
          snapshot: snap.rows[0] ? new Uint8Array(snap.rows[0].data) : null,
          updates,
          lastSeq: Math.max(upto, updates.at(-1)?.seq ?? 0),
        };
      });
    },

    async compact(room: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      await transaction(async (client) => {
        await lockRooms(client, [room]);
        const current = await client.query<{ upto: string }>(
          'SELECT upto FROM snapshots WHERE room = $1 FOR UPDATE',
          [room],
        );
        // Another process already compacted further: its snapshot contains ours.
        if (current.rows[0] && Number(current.rows[0].upto) >= uptoSeq) return;
        await client.query(
          `INSERT INTO snapshots (room, data, upto) VALUES ($1, $2, $3)
           ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto = excluded.upto`,
          [room, Buffer.from(snapshot), uptoSeq],
        );
        await client.query('DELETE FROM updates WHERE room = $1 AND seq <= $2', [room, uptoSeq]);
      });
    },

    async listRooms(): Promise<RoomInfo[]> {
      const res = await pool.query<{
        room: string;
        snapshotbytes: string;
        loglength: string;
        logbytes: string;
      }>(
        `SELECT room, SUM(sb) AS snapshotBytes, SUM(n) AS logLength, SUM(lb) AS logBytes FROM (
           SELECT room, length(data) AS sb, 0 AS n, 0 AS lb FROM snapshots
           UNION ALL
           SELECT room, 0, COUNT(*), SUM(length(data)) FROM updates GROUP BY room
         ) s GROUP BY room ORDER BY room`,
      );
      return res.rows.map((r) => ({
        room: r.room,
        snapshotBytes: Number(r.snapshotbytes),
        logLength: Number(r.loglength),
        logBytes: Number(r.logbytes),
      }));
    },

    async close(): Promise<void> {
      await pool.end();
    },
  };
}

function migrate(pool: pg.Pool, schema: string): Promise<void> {
  return runPostgresMigrations(pool, {
    schema,
    table: 'migrations',
    lockKey: `muster-migrate:${schema}`,
    steps: MIGRATIONS,
  });
}

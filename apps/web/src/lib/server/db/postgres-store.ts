import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import type { Invite, MemberRole, MemberRow, Session, Store, User } from './store';
import {
  epochDate,
  toInvite,
  toUser,
  toWorkspace,
  type InviteRecord,
  type UserRecord,
  type WorkspaceRecord,
} from './records';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db` (`MUSTER_DATABASE_URL`). */
  connectionString: string;
  /** Schema of the tables, shared with the relay (`MUSTER_DATABASE_SCHEMA`, default `muster`). */
  schema?: string;
  /** Pool size of this web process. */
  maxConnections?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Apply the steps not yet recorded in `web_migrations`, one transaction each, one process at a time. */
export async function migratePostgres(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  const key = `muster-web-migrate:${schema}`;
  try {
    // Several web processes may start at once.
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 2))', [key]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.web_migrations (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)`,
    );
    const done = await client.query<{ v: number | null }>(
      `SELECT MAX(version) AS v FROM ${schema}.web_migrations`,
    );
    const applied = done.rows[0]?.v ?? 0;
    for (let v = applied + 1; v <= POSTGRES_MIGRATIONS.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(POSTGRES_MIGRATIONS[v - 1] as string);
        await client.query(
          `INSERT INTO ${schema}.web_migrations (version, applied_at) VALUES ($1, $2)`,
          [v, Date.now()],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 2))', [key]).catch(() => {});
    client.release();
  }
}

/**
 * The store on PostgreSQL, for several web processes beside several relay processes (issue 9):
 * the same behaviour as the SQLite store (the account, session and workspace tests run against
 * both). Names sort like SQLite's `COLLATE NOCASE` (lower-cased, then byte order).
 *
 * @example
 * const store = await openPostgresStore({ connectionString: process.env.MUSTER_DATABASE_URL });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'muster';
  if (!SCHEMA_RE.test(schema))
    throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}.`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
  });
  // A dropped idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  await migratePostgres(pool, schema);

  const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<T>(text, values)).rows[0];
  const all = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<T>(text, values)).rows;
  const run = async (text: string, values: unknown[]) => {
    await pool.query(text, values);
  };

  return {
    async createUser(u) {
      await run(
        'INSERT INTO web_users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
        [u.id, u.email, u.name, u.passwordHash, Date.now()],
      );
    },
    async userByEmail(email) {
      const r = await one<UserRecord>('SELECT * FROM web_users WHERE email = $1', [email]);
      return r ? toUser(r) : null;
    },
    async userById(id) {
      const r = await one<UserRecord>('SELECT * FROM web_users WHERE id = $1', [id]);
      return r ? toUser(r) : null;
    },
    async setPasswordHash(userId, hash) {
      await run('UPDATE web_users SET password_hash = $1 WHERE id = $2', [hash, userId]);
    },
    async insertSession(s) {
      await run('INSERT INTO web_sessions (id, user_id, expires_at) VALUES ($1, $2, $3)', [
        s.id,
        s.userId,
        s.expiresAt.getTime(),
      ]);
    },
    async sessionWithUser(id) {
      const r = await one<{
        sid: string;
        user_id: string;
        expires_at: string;
        email: string;
        name: string;
      }>(
        `SELECT s.id AS sid, s.user_id, s.expires_at, u.email, u.name
         FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id = $1`,
        [id],
      );
      if (!r) return null;
      const session: Session = { id: r.sid, userId: r.user_id, expiresAt: epochDate(r.expires_at) };
      const user: User = { id: r.user_id, email: r.email, name: r.name };
      return { session, user };
    },
    async setSessionExpiry(id, expiresAt) {
      await run('UPDATE web_sessions SET expires_at = $1 WHERE id = $2', [expiresAt.getTime(), id]);
    },
    async deleteSession(id) {
      await run('DELETE FROM web_sessions WHERE id = $1', [id]);
    },
    async deleteUserSessions(userId) {
      await run('DELETE FROM web_sessions WHERE user_id = $1', [userId]);
    },
    async createWorkspace(w, ownerId) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          'INSERT INTO web_workspaces (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4)',
          [w.id, w.name, w.timeZone, w.createdAt.getTime()],
        );
        await client.query(
          `INSERT INTO web_members (workspace_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)`,
          [w.id, ownerId, w.createdAt.getTime()],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async workspace(id) {
      const r = await one<WorkspaceRecord>('SELECT * FROM web_workspaces WHERE id = $1', [id]);
      return r ? toWorkspace(r) : null;
    },
    async updateWorkspace(id, facts) {
      await run('UPDATE web_workspaces SET name = $1, time_zone = $2 WHERE id = $3', [
        facts.name,
        facts.timeZone,
        id,
      ]);
    },
    async workspacesOf(userId) {
      const rows = await all<WorkspaceRecord & { role: MemberRole }>(
        `SELECT w.*, m.role FROM web_members m JOIN web_workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = $1 ORDER BY lower(w.name) COLLATE "C", w.id COLLATE "C"`,
        [userId],
      );
      return rows.map((r) => ({ workspace: toWorkspace(r), role: r.role }));
    },
    async roleOf(workspaceId, userId) {
      const r = await one<{ role: MemberRole }>(
        'SELECT role FROM web_members WHERE workspace_id = $1 AND user_id = $2',
        [workspaceId, userId],
      );
      return r?.role ?? null;
    },
    async members(workspaceId) {
      const rows = await all<{
        user_id: string;
        name: string;
        email: string;
        role: MemberRole;
        joined_at: string;
      }>(
        `SELECT m.user_id, u.name, u.email, m.role, m.joined_at FROM web_members m
         JOIN web_users u ON u.id = m.user_id WHERE m.workspace_id = $1
         ORDER BY lower(u.name) COLLATE "C", u.email COLLATE "C"`,
        [workspaceId],
      );
      return rows.map((r): MemberRow => ({
        userId: r.user_id,
        name: r.name,
        email: r.email,
        role: r.role,
        joinedAt: epochDate(r.joined_at),
      }));
    },
    async addMember(workspaceId, userId, role, at) {
      await run(
        `INSERT INTO web_members (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, user_id) DO NOTHING`,
        [workspaceId, userId, role, at.getTime()],
      );
      const r = await one<{ role: MemberRole }>(
        'SELECT role FROM web_members WHERE workspace_id = $1 AND user_id = $2',
        [workspaceId, userId],
      );
      return (r as { role: MemberRole }).role;
    },
    async setRole(workspaceId, userId, role) {
      await run('UPDATE web_members SET role = $1 WHERE workspace_id = $2 AND user_id = $3', [
        role,
        workspaceId,
        userId,
      ]);
    },
    async removeMember(workspaceId, userId, at) {
      // One statement, so the removal is remembered exactly when the membership goes.
      await run(
        `WITH gone AS (DELETE FROM web_members WHERE workspace_id = $1 AND user_id = $2)
         INSERT INTO web_removals (workspace_id, user_id, removed_at) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET removed_at = EXCLUDED.removed_at`,
        [workspaceId, userId, at.getTime()],
      );
    },
    async removedAt(workspaceId, userId) {
      const r = await one<{ removed_at: string }>(
        'SELECT removed_at FROM web_removals WHERE workspace_id = $1 AND user_id = $2',
        [workspaceId, userId],
      );
      return r ? new Date(Number(r.removed_at)) : null;
    },
    async countOwners(workspaceId) {
      const r = await one<{ n: string }>(
        "SELECT COUNT(*) AS n FROM web_members WHERE workspace_id = $1 AND role = 'owner'",
        [workspaceId],
      );
      return Number(r?.n ?? 0);
    },
    async insertInvite(i: Invite) {
      await run(
        `INSERT INTO web_invites (id, workspace_id, role, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [i.id, i.workspaceId, i.role, i.expiresAt.getTime(), i.createdBy, i.createdAt.getTime()],
      );
    },
    async invite(id) {
      const r = await one<InviteRecord>('SELECT * FROM web_invites WHERE id = $1', [id]);
      return r ? toInvite(r) : null;
    },
    async openInvites(workspaceId, now) {
      const rows = await all<InviteRecord>(
        `SELECT * FROM web_invites WHERE workspace_id = $1 AND expires_at > $2
         ORDER BY created_at DESC, id COLLATE "C"`,
        [workspaceId, now.getTime()],
      );
      return rows.map(toInvite);
    },
    async deleteInvite(workspaceId, id) {
      await run('DELETE FROM web_invites WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    },
    async close() {
      await pool.end();
    },
  };
}

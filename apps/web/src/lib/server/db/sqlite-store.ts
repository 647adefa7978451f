import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import type { Invite, MemberRole, MemberRow, Session, Store, User, Workspace } from './store';
import {
  toInvite,
  toUser,
  toWorkspace,
  type InviteRecord,
  type UserRecord,
  type WorkspaceRecord,
} from './records';

/** Apply the migrations not yet recorded in `web_migrations`, each in its own transaction. */
export function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS web_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT MAX(version) AS v FROM web_migrations').get() as {
    v: number | null;
  };
  const done = row.v ?? 0;
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1;
    if (version <= done) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO web_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        Date.now(),
      );
    }).immediate();
  });
}

/**
 * Open (creating if needed) the SQLite store at `path` — `:memory:` for tests.
 *
 * @example
 * const store = openSqliteStore(join(config.dataDir, 'muster.db'));
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // The relay writes to the same file; wait for its locks instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const q = {
    createUser: db.prepare(
      'INSERT INTO web_users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    userByEmail: db.prepare('SELECT * FROM web_users WHERE email = ?'),
    userById: db.prepare('SELECT * FROM web_users WHERE id = ?'),
    setPassword: db.prepare('UPDATE web_users SET password_hash = ? WHERE id = ?'),
    insertSession: db.prepare(
      'INSERT INTO web_sessions (id, user_id, expires_at) VALUES (?, ?, ?)',
    ),
    sessionWithUser: db.prepare(
      `SELECT s.id AS sid, s.user_id, s.expires_at, u.email, u.name
       FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id = ?`,
    ),
    setSessionExpiry: db.prepare('UPDATE web_sessions SET expires_at = ? WHERE id = ?'),
    deleteSession: db.prepare('DELETE FROM web_sessions WHERE id = ?'),
    deleteUserSessions: db.prepare('DELETE FROM web_sessions WHERE user_id = ?'),
    insertWorkspace: db.prepare(
      'INSERT INTO web_workspaces (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)',
    ),
    workspace: db.prepare('SELECT * FROM web_workspaces WHERE id = ?'),
    updateWorkspace: db.prepare('UPDATE web_workspaces SET name = ?, time_zone = ? WHERE id = ?'),
    workspacesOf: db.prepare(
      `SELECT w.*, m.role FROM web_members m JOIN web_workspaces w ON w.id = m.workspace_id
       WHERE m.user_id = ? ORDER BY w.name COLLATE NOCASE, w.id`,
    ),
    roleOf: db.prepare('SELECT role FROM web_members WHERE workspace_id = ? AND user_id = ?'),
    members: db.prepare(
      `SELECT m.user_id, u.name, u.email, m.role, m.joined_at FROM web_members m
       JOIN web_users u ON u.id = m.user_id WHERE m.workspace_id = ?
       ORDER BY u.name COLLATE NOCASE, u.email`,
    ),
    addMember: db.prepare(
      `INSERT INTO web_members (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_id, user_id) DO NOTHING`,
    ),
    setRole: db.prepare('UPDATE web_members SET role = ? WHERE workspace_id = ? AND user_id = ?'),
    removeMember: db.prepare('DELETE FROM web_members WHERE workspace_id = ? AND user_id = ?'),
    recordRemoval: db.prepare(
      `INSERT INTO web_removals (workspace_id, user_id, removed_at) VALUES (?, ?, ?)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET removed_at = excluded.removed_at`,
    ),
    removedAt: db.prepare(
      'SELECT removed_at FROM web_removals WHERE workspace_id = ? AND user_id = ?',
    ),
    countOwners: db.prepare(
      "SELECT COUNT(*) AS n FROM web_members WHERE workspace_id = ? AND role = 'owner'",
    ),
    insertInvite: db.prepare(
      `INSERT INTO web_invites (id, workspace_id, role, expires_at, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    invite: db.prepare('SELECT * FROM web_invites WHERE id = ?'),
    openInvites: db.prepare(
      `SELECT * FROM web_invites WHERE workspace_id = ? AND expires_at > ?
       ORDER BY created_at DESC, id`,
    ),
    deleteInvite: db.prepare('DELETE FROM web_invites WHERE workspace_id = ? AND id = ?'),
  };

  const createWorkspace = db.transaction((w: Workspace, ownerId: string) => {
    q.insertWorkspace.run(w.id, w.name, w.timeZone, w.createdAt.getTime());
    q.addMember.run(w.id, ownerId, 'owner', w.createdAt.getTime());
  });

  return {
    async createUser(u) {
      q.createUser.run(u.id, u.email, u.name, u.passwordHash, Date.now());
    },
    async userByEmail(email) {
      const r = q.userByEmail.get(email) as UserRecord | undefined;
      return r ? toUser(r) : null;
    },
    async userById(id) {
      const r = q.userById.get(id) as UserRecord | undefined;
      return r ? toUser(r) : null;
    },
    async setPasswordHash(userId, hash) {
      q.setPassword.run(hash, userId);
    },
    async insertSession(s) {
      q.insertSession.run(s.id, s.userId, s.expiresAt.getTime());
    },
    async sessionWithUser(id) {
      const r = q.sessionWithUser.get(id) as
        | { sid: string; user_id: string; expires_at: number; email: string; name: string }
        | undefined;
      if (!r) return null;
      const session: Session = { id: r.sid, userId: r.user_id, expiresAt: new Date(r.expires_at) };
      const user: User = { id: r.user_id, email: r.email, name: r.name };
      return { session, user };
    },
    async setSessionExpiry(id, expiresAt) {
      q.setSessionExpiry.run(expiresAt.getTime(), id);
    },
    async deleteSession(id) {
      q.deleteSession.run(id);
    },
    async deleteUserSessions(userId) {
      q.deleteUserSessions.run(userId);
    },
    async createWorkspace(w, ownerId) {
      createWorkspace(w, ownerId);
    },
    async workspace(id) {
      const r = q.workspace.get(id) as WorkspaceRecord | undefined;
      return r ? toWorkspace(r) : null;
    },
    async updateWorkspace(id, facts) {
      q.updateWorkspace.run(facts.name, facts.timeZone, id);
    },
    async workspacesOf(userId) {
      const rows = q.workspacesOf.all(userId) as (WorkspaceRecord & { role: MemberRole })[];
      return rows.map((r) => ({ workspace: toWorkspace(r), role: r.role }));
    },
    async roleOf(workspaceId, userId) {
      const r = q.roleOf.get(workspaceId, userId) as { role: MemberRole } | undefined;
      return r?.role ?? null;
    },
    async members(workspaceId) {
      const rows = q.members.all(workspaceId) as {
        user_id: string;
        name: string;
        email: string;
        role: MemberRole;
        joined_at: number;
      }[];
      return rows.map((r): MemberRow => ({
        userId: r.user_id,
        name: r.name,
        email: r.email,
        role: r.role,
        joinedAt: new Date(r.joined_at),
      }));
    },
    async addMember(workspaceId, userId, role, at) {
      q.addMember.run(workspaceId, userId, role, at.getTime());
      return (q.roleOf.get(workspaceId, userId) as { role: MemberRole }).role;
    },
    async setRole(workspaceId, userId, role) {
      q.setRole.run(role, workspaceId, userId);
    },
    async removeMember(workspaceId, userId, at) {
      db.transaction(() => {
        q.removeMember.run(workspaceId, userId);
        q.recordRemoval.run(workspaceId, userId, at.getTime());
      })();
    },
    async removedAt(workspaceId, userId) {
      const r = q.removedAt.get(workspaceId, userId) as { removed_at: number } | undefined;
      return r ? new Date(r.removed_at) : null;
    },
    async countOwners(workspaceId) {
      return (q.countOwners.get(workspaceId) as { n: number }).n;
    },
    async insertInvite(i: Invite) {
      q.insertInvite.run(
        i.id,
        i.workspaceId,
        i.role,
        i.expiresAt.getTime(),
        i.createdBy,
        i.createdAt.getTime(),
      );
    },
    async invite(id) {
      const r = q.invite.get(id) as InviteRecord | undefined;
      return r ? toInvite(r) : null;
    },
    async openInvites(workspaceId, now) {
      return (q.openInvites.all(workspaceId, now.getTime()) as InviteRecord[]).map(toInvite);
    },
    async deleteInvite(workspaceId, id) {
      q.deleteInvite.run(workspaceId, id);
    },
    async close() {
      db.close();
    },
  };
}

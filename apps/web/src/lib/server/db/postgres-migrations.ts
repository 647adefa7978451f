/**
 * The web app's schema on PostgreSQL: the same tables and constraints as the SQLite steps in
 * `migrations.ts` (times as epoch milliseconds in BIGINT, so both stores read alike). A step
 * never changes once released; add a new one instead.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE web_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX web_sessions_user ON web_sessions(user_id);
  CREATE TABLE web_workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE web_members (
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  CREATE INDEX web_members_user ON web_members(user_id);
  CREATE TABLE web_invites (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    expires_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX web_invites_workspace ON web_invites(workspace_id);
  `,
  // See the SQLite migration 2: removals outlive the invite links made before them.
  `
  CREATE TABLE web_removals (
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    removed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  `,
];

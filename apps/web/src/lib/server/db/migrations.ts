/**
 * The web app's schema, as numbered steps. Tables are prefixed `web_` because the relay keeps its
 * own tables in the same SQLite file. A step never changes once released; add a new one instead.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE web_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX web_sessions_user ON web_sessions(user_id);
  CREATE TABLE web_workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE web_members (
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  CREATE INDEX web_members_user ON web_members(user_id);
  CREATE TABLE web_invites (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    expires_at INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX web_invites_workspace ON web_invites(workspace_id);
  `,
  // When someone was last removed from a workspace: invite links made before that no longer let
  // them back in (links are shared with many people, so they are not used up on first join).
  `
  CREATE TABLE web_removals (
    workspace_id TEXT NOT NULL REFERENCES web_workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
    removed_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  );
  `,
];

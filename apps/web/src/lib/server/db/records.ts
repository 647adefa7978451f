import type { Invite, MemberRole, UserWithPassword, Workspace } from './store';

/**
 * Rows as both SQL stores return them, and their mapping to the store's types. Epoch
 * milliseconds come back as numbers from SQLite and as strings from PostgreSQL's BIGINT (which
 * may exceed 2^53 in general; epoch milliseconds never do).
 */
type Epoch = number | string;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  password_hash: string;
}
export interface WorkspaceRecord {
  id: string;
  name: string;
  time_zone: string;
  created_at: Epoch;
}
export interface InviteRecord {
  id: string;
  workspace_id: string;
  role: MemberRole;
  expires_at: Epoch;
  created_by: string;
  created_at: Epoch;
}

export const epochDate = (v: Epoch): Date => new Date(Number(v));

export const toUser = (r: UserRecord): UserWithPassword => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
});

export const toWorkspace = (r: WorkspaceRecord): Workspace => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  createdAt: epochDate(r.created_at),
});

export const toInvite = (r: InviteRecord): Invite => ({
  id: r.id,
  workspaceId: r.workspace_id,
  role: r.role,
  expiresAt: epochDate(r.expires_at),
  createdBy: r.created_by,
  createdAt: epochDate(r.created_at),
});

/**
 * What the web app keeps in SQL: accounts, sessions, workspaces, memberships and invites. The
 * SQLite implementation is the embedded default; PostgreSQL (`MUSTER_DATABASE_URL`) will implement
 * the same interface, which is why every method is async.
 */

/** Roles an account can hold in a workspace (respondents have no account membership). */
export const MemberRole = { owner: 'owner', editor: 'editor', viewer: 'viewer' } as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

/** True when `value` is one of {@link MemberRole}. */
export function isMemberRole(value: unknown): value is MemberRole {
  return value === 'owner' || value === 'editor' || value === 'viewer';
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  /** Hex SHA-256 of the session token; the token itself is never stored. */
  id: string;
  userId: string;
  expiresAt: Date;
}

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  createdAt: Date;
}

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: Date;
}

export interface Invite {
  /** Hex SHA-256 of the invite token in the link. */
  id: string;
  workspaceId: string;
  role: MemberRole;
  expiresAt: Date;
  createdBy: string;
  createdAt: Date;
}

export interface Store {
  createUser(user: UserWithPassword): Promise<void>;
  userByEmail(email: string): Promise<UserWithPassword | null>;
  userById(id: string): Promise<UserWithPassword | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;

  insertSession(session: Session): Promise<void>;
  sessionWithUser(id: string): Promise<{ session: Session; user: User } | null>;
  setSessionExpiry(id: string, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;

  /** Create a workspace with `ownerId` as its first owner, atomically. */
  createWorkspace(workspace: Workspace, ownerId: string): Promise<void>;
  workspace(id: string): Promise<Workspace | null>;
  /** Change a workspace's name and time zone. */
  updateWorkspace(id: string, facts: { name: string; timeZone: string }): Promise<void>;
  workspacesOf(userId: string): Promise<{ workspace: Workspace; role: MemberRole }[]>;
  roleOf(workspaceId: string, userId: string): Promise<MemberRole | null>;
  members(workspaceId: string): Promise<MemberRow[]>;
  /** Add a member; an existing membership is left as it is. Returns the role now held. */
  addMember(workspaceId: string, userId: string, role: MemberRole, at: Date): Promise<MemberRole>;
  setRole(workspaceId: string, userId: string, role: MemberRole): Promise<void>;
  /** Remove a member and remember when (see {@link Store.removedAt}). */
  removeMember(workspaceId: string, userId: string, at: Date): Promise<void>;
  /** When `userId` was last removed from the workspace, or null if never. */
  removedAt(workspaceId: string, userId: string): Promise<Date | null>;
  countOwners(workspaceId: string): Promise<number>;

  insertInvite(invite: Invite): Promise<void>;
  invite(id: string): Promise<Invite | null>;
  /** Invites of a workspace that have not expired at `now`, newest first. */
  openInvites(workspaceId: string, now: Date): Promise<Invite[]>;
  deleteInvite(workspaceId: string, id: string): Promise<void>;

  close(): Promise<void>;
}

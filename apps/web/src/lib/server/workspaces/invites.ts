import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Invite, MemberRole, Store, Workspace } from '../db/store';

/** How long an invite link may stay valid, in days; the form offers exactly these. */
export const INVITE_DAYS = [1, 7, 30] as const;
export type InviteDays = (typeof INVITE_DAYS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** The stored id of an invite token: hex SHA-256, as for sessions. */
export function inviteIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** True when `value` is one of {@link INVITE_DAYS}. */
export function isInviteDays(value: number): value is InviteDays {
  return (INVITE_DAYS as readonly number[]).includes(value);
}

/**
 * Create an invite link's token. The token is returned once, to show to the owner; only its hash is
 * stored, so a leaked database cannot be used to join workspaces.
 */
export async function createInvite(
  store: Store,
  input: { workspaceId: string; role: MemberRole; days: InviteDays; createdBy: string },
  now = new Date(),
): Promise<{ token: string; invite: Invite }> {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const invite: Invite = {
    id: inviteIdOf(token),
    workspaceId: input.workspaceId,
    role: input.role,
    expiresAt: new Date(now.getTime() + input.days * DAY_MS),
    createdBy: input.createdBy,
    createdAt: now,
  };
  await store.insertInvite(invite);
  return { token, invite };
}

/** Why an invite cannot be used. */
export const InviteProblem = {
  unknown: 'error.inviteUnknown',
  expired: 'error.inviteExpired',
  /** The person was removed after this link was made: only a newer link lets them back. */
  removed: 'error.inviteBeforeRemoval',
} as const;
export type InviteProblem = (typeof InviteProblem)[keyof typeof InviteProblem];

/** Find the invite of a link token, refusing unknown, revoked and expired ones. */
export async function findInvite(
  store: Store,
  token: string,
  now = new Date(),
): Promise<
  { ok: true; invite: Invite; workspace: Workspace } | { ok: false; problem: InviteProblem }
> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, problem: InviteProblem.unknown };
  const invite = await store.invite(inviteIdOf(token));
  if (!invite) return { ok: false, problem: InviteProblem.unknown };
  if (now.getTime() >= invite.expiresAt.getTime()) {
    return { ok: false, problem: InviteProblem.expired };
  }
  const workspace = await store.workspace(invite.workspaceId);
  if (!workspace) return { ok: false, problem: InviteProblem.unknown };
  return { ok: true, invite, workspace };
}

/**
 * Join the invite's workspace with its role. Someone who is already a member keeps the role they
 * have: an invite never demotes or promotes an existing member.
 */
export async function acceptInvite(
  store: Store,
  token: string,
  userId: string,
  now = new Date(),
): Promise<
  { ok: true; workspaceId: string; role: MemberRole } | { ok: false; problem: InviteProblem }
> {
  const found = await findInvite(store, token, now);
  if (!found.ok) return found;
  const removed = await store.removedAt(found.workspace.id, userId);
  const member = await store.roleOf(found.workspace.id, userId);
  if (!member && removed && found.invite.createdAt.getTime() <= removed.getTime()) {
    return { ok: false, problem: InviteProblem.removed };
  }
  const role = await store.addMember(found.workspace.id, userId, found.invite.role, now);
  return { ok: true, workspaceId: found.workspace.id, role };
}

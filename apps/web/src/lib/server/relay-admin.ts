import { SignJWT } from 'jose';

/**
 * What the relay's admin endpoint expects (apps/sync-server/src/admin.ts): a one-minute HS256
 * token with this audience and `{ action: 'disconnect', ws, sub }`, signed with the shared secret.
 */
const ADMIN_AUDIENCE = 'muster-relay-admin';
const DISCONNECT_PATH = '/admin/disconnect';

/** How the relay answered; `unreachable` when it could not be asked (the caller tells the person). */
export type RelayDisconnect = { ok: true; closed: number } | { ok: false; reason: string };

/**
 * Ask the relay to close every open connection of person `sub` to workspace `ws` with 4403, e.g.
 * right after removing them. Without this they would keep their open rooms until their current
 * token expires (at most five minutes), since only new tokens check the membership.
 *
 * @example
 * await closeRelayConnections(app.secret, app.config.syncAdminUrl, { ws, sub: removedId });
 */
export async function closeRelayConnections(
  secret: string,
  adminUrl: string,
  target: { ws: string; sub: string },
  timeoutMs = 5_000,
): Promise<RelayDisconnect> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ action: 'disconnect', ws: target.ws, sub: target.sub })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(ADMIN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(secret));
  try {
    const response = await fetch(`${adminUrl}${DISCONNECT_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { closed?: unknown; error?: unknown };
    if (response.ok && typeof body.closed === 'number') return { ok: true, closed: body.closed };
    return { ok: false, reason: `relay answered ${response.status}: ${String(body.error ?? '')}` };
  } catch (e) {
    return { ok: false, reason: `relay unreachable at ${adminUrl}: ${(e as Error).message}` };
  }
}

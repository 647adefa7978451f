import { SignJWT } from 'jose';

/**
 * What the relay's admin endpoint expects (apps/sync-server/src/admin.ts): a one-minute HS256
 * token with this audience and `{ action: 'disconnect', reason, ws, sub }`, signed with the
 * shared secret.
 */
const ADMIN_AUDIENCE = 'muster-relay-admin';
const DISCONNECT_PATH = '/admin/disconnect';

/** How the relay answered; `unreachable` when it could not be asked (the caller tells the person). */
export type RelayDisconnect = { ok: true; closed: number } | { ok: false; reason: string };

/**
 * Ask the relay to close every open connection of person `sub` to workspace `ws`: after a removal
 * with 4403 (they stop), after a role change with 4401 (they come back with a token for the new
 * role). Without this they would keep their open rooms, with the old role, until their current
 * token expires (at most five minutes), since only new tokens read the membership.
 *
 * @example
 * await closeRelayConnections(secret, config.syncAdminUrl, { ws, sub, reason: 'removed' });
 */
export async function closeRelayConnections(
  secret: string,
  adminUrl: string,
  target: { ws: string; sub: string; reason: 'removed' | 'roleChanged' },
  timeoutMs = 5_000,
): Promise<RelayDisconnect> {
  // Several relay processes: each closes only its own connections, so ask every one of them.
  const urls = adminUrl
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u !== '');
  const answers = await Promise.all(
    urls.map((url) => closeOnOneRelay(secret, url, target, timeoutMs)),
  );
  const failed = answers.find((a) => !a.ok);
  if (failed) return failed;
  return { ok: true, closed: answers.reduce((n, a) => n + (a.ok ? a.closed : 0), 0) };
}

async function closeOnOneRelay(
  secret: string,
  adminUrl: string,
  target: { ws: string; sub: string; reason: 'removed' | 'roleChanged' },
  timeoutMs: number,
): Promise<RelayDisconnect> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { action: 'disconnect', reason: target.reason, ws: target.ws, sub: target.sub };
  const token = await new SignJWT(claims)
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

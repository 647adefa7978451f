import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import * as v from 'valibot';
import { isId } from '@muster/core';
import type { Connection } from './connection';
import { CloseCode, SyncServerError } from './errors';

/**
 * Audience of admin requests. Sync tokens carry no audience, so an admin token is never accepted
 * as a sync token (it has no role either) and a sync token never as an admin token.
 */
export const ADMIN_AUDIENCE = 'muster-relay-admin';

/** Path of the endpoint that closes a person's connections to one workspace. */
export const DISCONNECT_PATH = '/admin/disconnect';

/** Why connections are closed; decides the close code the clients see. */
export const DisconnectReason = {
  /** Removed from the workspace: 4403, the client stops. */
  removed: 'removed',
  /** Role changed: 4401, the client fetches a token with the new role and reconnects. */
  roleChanged: 'roleChanged',
} as const;
export type DisconnectReason = (typeof DisconnectReason)[keyof typeof DisconnectReason];

const DisconnectClaims = v.object({
  action: v.literal('disconnect'),
  reason: v.optional(v.picklist(Object.values(DisconnectReason)), DisconnectReason.removed),
  ws: v.pipe(
    v.string(),
    v.check((s) => isId(s), 'ws must be an id'),
  ),
  sub: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
});

/**
 * Sign a request to close every open connection of person `sub` to workspace `ws` (after
 * removing them from it, or changing their role), for `POST /admin/disconnect` with `Authorization: Bearer <token>`.
 * Signed with the relay's shared secret; valid for `ttlSeconds` (a minute by default).
 *
 * @example
 * const token = await signDisconnect(secretKey(secret), { ws, sub: removedUserId });
 * await fetch(`${relayHttpUrl}/admin/disconnect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
 */
export async function signDisconnect(
  key: Uint8Array,
  target: { ws: string; sub: string; reason?: DisconnectReason },
  ttlSeconds = 60,
): Promise<string> {
  const reason = target.reason ?? DisconnectReason.removed;
  return new SignJWT({ action: 'disconnect', reason, ws: target.ws, sub: target.sub })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(ADMIN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The relay's admin endpoint. Returns a request handler that answers `/admin/…` requests and
 * returns false for every other path (the server then serves them as before).
 *
 * `POST /admin/disconnect` closes the matching connections — with 4403 ("Forbidden": the stock
 * client does not reconnect) for `reason: 'removed'` (the default), with 4401 for
 * `reason: 'roleChanged'` (clients fetch a token with the new role and reconnect) — and answers
 * `{ closed: n }`; 401 for a missing, forged or expired
 * token; 400 for a token without valid claims; 405 for another method.
 */
export function createAdminHandler(options: {
  key: Uint8Array;
  connections: () => Iterable<Connection>;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith('/admin/')) return false;
    if (path !== DISCONNECT_PATH) {
      answer(res, 404, { error: `Unknown admin path ${path}; use POST ${DISCONNECT_PATH}.` });
      return true;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      answer(res, 405, { error: `Use POST ${DISCONNECT_PATH}.` });
      return true;
    }
    // The request carries everything in its token; a body is neither needed nor read.
    req.resume();
    const header = req.headers.authorization ?? '';
    const token = /^Bearer ([\w.-]{1,4096})$/.exec(header)?.[1];
    if (!token) {
      answer(res, 401, { error: 'Send Authorization: Bearer <admin token>.' });
      return true;
    }
    jwtVerify(token, options.key, { audience: ADMIN_AUDIENCE, algorithms: ['HS256'] }).then(
      ({ payload }) => {
        const claims = v.safeParse(DisconnectClaims, payload);
        if (!claims.success) {
          answer(res, 400, { error: `Bad admin claims: ${claims.issues[0]?.message ?? ''}.` });
          return;
        }
        const { ws, sub, reason } = claims.output;
        const error =
          reason === DisconnectReason.roleChanged
            ? new SyncServerError(CloseCode.Unauthenticated, 'Your role changed; reconnect.')
            : new SyncServerError(CloseCode.Forbidden, 'You are no longer a member.');
        let closed = 0;
        for (const conn of [...options.connections()]) {
          if (conn.claims.ws !== ws || conn.claims.sub !== sub) continue;
          conn.close(error);
          closed += 1;
        }
        options.logger.info({ ws, sub, reason, closed }, 'admin disconnect');
        answer(res, 200, { closed });
      },
      () => answer(res, 401, { error: 'The admin token is missing, forged or expired.' }),
    );
    return true;
  };
}

import { SignJWT } from 'jose';
import type { MemberRole } from './db/store';

/** Relay tokens live five minutes; the client asks for a new one before reconnecting. */
export const SYNC_TOKEN_TTL_SECONDS = 5 * 60;

/**
 * Mint the relay's HS256 token `{ sub, ws, role, iat, exp }` (DESIGN.md, "Auth and roles").
 * The role comes from the SQL membership at the moment of minting, so a removed member or a
 * changed role takes effect at the next refresh.
 *
 * @example
 * const { token } = await mintSyncToken(secret, { sub: user.id, ws, role });
 */
export async function mintSyncToken(
  secret: string,
  claims: { sub: string; ws: string; role: MemberRole },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ token: string; exp: number }> {
  const exp = nowSeconds + SYNC_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ ws: claims.ws, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, exp };
}

/** The relay URL a browser should use, given the host it reached the web app on. */
export function syncUrlFor(configured: string | undefined, port: number, pageUrl: URL): string {
  if (configured) return configured;
  const scheme = pageUrl.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${pageUrl.hostname}:${port}`;
}

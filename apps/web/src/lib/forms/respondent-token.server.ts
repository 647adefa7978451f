import { SignJWT } from 'jose';
import { FailureLimiter } from '../server/auth/rate-limit';
import { SYNC_TOKEN_TTL_SECONDS } from '../server/sync-token';

/** The two rooms a public-link respondent may open: its own submission room and the form. */
export function respondentRooms(ws: string, form: string, device: string) {
  return { sub: `ws/${ws}/sub/${form}/${device}`, form: `ws/${ws}/form/${form}` };
}

/**
 * Mint a relay token for an anonymous device filling form `form` by its public link: role
 * `respondent`, subject the device id, and `rooms` listing only the form room. The relay lets a
 * respondent write only `ws/{ws}/sub/{form}/{sub}` rooms of its own, so this token opens exactly
 * those rooms and reads nothing else.
 */
export async function mintRespondentToken(
  secret: string,
  claims: { ws: string; form: string; device: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ token: string; exp: number }> {
  const exp = nowSeconds + SYNC_TOKEN_TTL_SECONDS;
  const rooms = respondentRooms(claims.ws, claims.form, claims.device);
  const token = await new SignJWT({ ws: claims.ws, role: 'respondent', rooms: [rooms.form] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.device)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, exp };
}

/**
 * Token requests per client IP and per device: a page refreshes its token every few minutes, so
 * 60 a quarter-hour per device and 3,000 per IP (a whole ward behind one NAT) leave room for
 * reconnects while stopping a script from minting identities in bulk.
 */
export const respondentLimits = {
  perDevice: new FailureLimiter({ maxFailures: 60, windowMs: 15 * 60_000 }),
  perIp: new FailureLimiter({ maxFailures: 3_000, windowMs: 15 * 60_000 }),
};

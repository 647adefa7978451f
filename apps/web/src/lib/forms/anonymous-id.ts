import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';

/**
 * The respondent id of an anonymous device: a hash of the device's secret, never the secret
 * itself and never a value the device picks. The relay names submission rooms after the token's
 * subject, so if a device could choose its subject it could choose a colleague's user id and open
 * their answers; nobody can find a secret that hashes to a given id. The device computes the
 * same id offline, so its submission room opens before any token is fetched.
 *
 * @example
 * anonymousRespondentId('q3J5s0VbU1lY8xZk'); // 22 URL-safe characters, stable per secret
 */
export function anonymousRespondentId(deviceSecret: string): string {
  const digest = sha256(new TextEncoder().encode(`muster:anonymous-respondent:${deviceSecret}`));
  return encodeBase64urlNoPadding(digest).slice(0, 22);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64UrlToString(text: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const ch of text) {
    const v = B64.indexOf(ch);
    if (v < 0) break; // padding or end
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

/**
 * The `exp` claim of a JWT in milliseconds since the epoch, read without verifying (the client
 * only needs to know when to fetch a new one); null when absent or unreadable.
 */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(base64UrlToString(payload)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

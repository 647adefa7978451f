import { jwtVerify } from 'jose';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecret } from './secret';
import { SYNC_TOKEN_TTL_SECONDS, mintSyncToken, syncUrlFor } from './sync-token';

const secret = 'x'.repeat(40);

describe('mintSyncToken', () => {
  it('signs { sub, ws, role, exp } with HS256 and the relay secret', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { token, exp } = await mintSyncToken(secret, {
      sub: 'user-1',
      ws: 'AAAAAAAAAAAAAAAA',
      role: 'viewer',
    });
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'user-1', ws: 'AAAAAAAAAAAAAAAA', role: 'viewer', exp });
    expect(exp - now).toBeGreaterThanOrEqual(SYNC_TOKEN_TTL_SECONDS - 1);
    expect(exp - now).toBeLessThanOrEqual(SYNC_TOKEN_TTL_SECONDS + 1);
  });

  it('is refused under another secret', async () => {
    const { token } = await mintSyncToken(secret, {
      sub: 'u',
      ws: 'AAAAAAAAAAAAAAAA',
      role: 'owner',
    });
    await expect(jwtVerify(token, new TextEncoder().encode('y'.repeat(40)))).rejects.toThrow();
  });
});

describe('syncUrlFor', () => {
  it('uses the configured URL, else the page host with ws or wss', () => {
    expect(syncUrlFor('wss://relay.example', 1234, new URL('https://a.example'))).toBe(
      'wss://relay.example',
    );
    expect(syncUrlFor(undefined, 1234, new URL('http://localhost:3000/x'))).toBe(
      'ws://localhost:1234',
    );
    expect(syncUrlFor(undefined, 9000, new URL('https://a.example'))).toBe('wss://a.example:9000');
  });
});

describe('loadSecret', () => {
  it('prefers MUSTER_SECRET', async () => {
    expect(await loadSecret('/nonexistent', secret)).toBe(secret);
  });

  it('creates <dataDir>/secret once (mode 0600) and reads the same secret afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'muster-web-'));
    const first = await loadSecret(dir, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await loadSecret(dir, undefined)).toBe(first);
    expect(readdirSync(dir)).toEqual(['secret']);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('uses a secret the relay already wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'muster-web-'));
    writeFileSync(join(dir, 'secret'), `${'r'.repeat(43)}\n`);
    expect(await loadSecret(dir, undefined)).toBe('r'.repeat(43));
  });
});

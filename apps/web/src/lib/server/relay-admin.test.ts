import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRelayConnections } from './relay-admin';

// The relay's own endpoint is tested against the real relay process (apps/sync-server
// test/admin.test.ts); this checks that the web app asks every listed relay process.
const secret = 's'.repeat(40);
const servers: Server[] = [];

async function fakeRelayAdmin(closed: number, seen: unknown[]): Promise<string> {
  const server = createServer(async (req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      audience: 'muster-relay-admin',
    });
    seen.push({ path: req.url, method: req.method, ...payload });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ closed }));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('closeRelayConnections', () => {
  it('asks every relay process in a comma-separated list and adds up what they closed', async () => {
    const seen: unknown[] = [];
    const a = await fakeRelayAdmin(2, seen);
    const b = await fakeRelayAdmin(1, seen);
    const target = { ws: 'AAAAAAAAAAAAAAAA', sub: 'BBBBBBBBBBBBBBBB', reason: 'removed' } as const;
    expect(await closeRelayConnections(secret, `${a}, ${b}/`, target)).toEqual({
      ok: true,
      closed: 3,
    });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s).toMatchObject({ path: '/admin/disconnect', method: 'POST', ...target });
    }
  });

  it('reports a process it could not reach', async () => {
    const a = await fakeRelayAdmin(1, []);
    const result = await closeRelayConnections(secret, `${a},http://127.0.0.1:9`, {
      ws: 'AAAAAAAAAAAAAAAA',
      sub: 'BBBBBBBBBBBBBBBB',
      reason: 'roleChanged',
    });
    expect(result.ok).toBe(false);
  });
});

import { newId } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { DISCONNECT_PATH, signDisconnect } from '../src/admin';
import { secretKey, signToken } from '../src/auth';
import {
  SECRET,
  closedWith,
  connect,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  type RelayProcess,
} from './harness';

let relay: RelayProcess;
const providers: WebsocketProvider[] = [];
const key = secretKey(SECRET);

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay.stop();
  removeDir(relay.dataDir);
});

function open(room: string, tok: string): WebsocketProvider {
  const p = connect(relay.url, room, tok);
  providers.push(p);
  return p;
}

function disconnect(authorization: string | null, method = 'POST'): Promise<Response> {
  return fetch(`http://127.0.0.1:${relay.port}${DISCONNECT_PATH}`, {
    method,
    headers: authorization === null ? {} : { authorization },
  });
}

describe('POST /admin/disconnect', () => {
  it("closes exactly one person's connections to one workspace with 4403", async () => {
    const ws = newId();
    const otherWs = newId();
    const removed = newId();
    const colleague = newId();
    const removedIndex = open(`ws/${ws}/index`, await token({ ws, sub: removed, role: 'editor' }));
    const removedDoc = open(rooms.doc(ws), await token({ ws, sub: removed, role: 'editor' }));
    const elsewhere = open(
      `ws/${otherWs}/index`,
      await token({ ws: otherWs, sub: removed, role: 'editor' }),
    );
    const stays = open(`ws/${ws}/index`, await token({ ws, sub: colleague, role: 'editor' }));
    await Promise.all([removedIndex, removedDoc, elsewhere, stays].map((p) => synced(p)));

    const closes = [removedIndex, removedDoc].map((p) => closedWith(p));
    const response = await disconnect(`Bearer ${await signDisconnect(key, { ws, sub: removed })}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ closed: 2 });
    for (const close of await Promise.all(closes)) expect(close.code).toBe(4403);

    // The same person in another workspace, and colleagues in this one, stay connected.
    expect(elsewhere.wsconnected).toBe(true);
    expect(stays.wsconnected).toBe(true);
    const health = (await (await fetch(`http://127.0.0.1:${relay.port}/healthz`)).json()) as {
      connections: number;
    };
    expect(health.connections).toBe(2);
  });

  it('after a role change closes with 4401, so clients come back with a token for the new role', async () => {
    const ws = newId();
    const sub = newId();
    const p = open(`ws/${ws}/index`, await token({ ws, sub, role: 'editor' }));
    await synced(p);
    const close = closedWith(p);
    const signed = await signDisconnect(key, { ws, sub, reason: 'roleChanged' });
    expect(await (await disconnect(`Bearer ${signed}`)).json()).toEqual({ closed: 1 });
    expect((await close).code).toBe(4401);
  });

  it('refuses requests without a valid admin token and closes nothing', async () => {
    const ws = newId();
    const sub = newId();
    const p = open(`ws/${ws}/index`, await token({ ws, sub, role: 'editor' }));
    await synced(p);

    expect((await disconnect(null)).status).toBe(401);
    expect((await disconnect('Bearer not-a-token')).status).toBe(401);
    // A sync token (no admin audience) is not an admin token, even for the same person.
    expect((await disconnect(`Bearer ${await token({ ws, sub, role: 'owner' })}`)).status).toBe(
      401,
    );
    const forged = await signDisconnect(secretKey('another-secret-0123456789-abcdefghijkl'), {
      ws,
      sub,
    });
    expect((await disconnect(`Bearer ${forged}`)).status).toBe(401);
    const expired = await signDisconnect(key, { ws, sub }, -10);
    expect((await disconnect(`Bearer ${expired}`)).status).toBe(401);
    expect(
      (await disconnect(`Bearer ${await signDisconnect(key, { ws, sub })}`, 'GET')).status,
    ).toBe(405);
    // Signed and addressed right but with a workspace that is not an id.
    const bad = await signDisconnect(key, { ws: '../x', sub });
    const badResponse = await disconnect(`Bearer ${bad}`);
    expect(badResponse.status).toBe(400);
    expect(((await badResponse.json()) as { error: string }).error).toMatch(/ws must be an id/);

    expect(p.wsconnected).toBe(true);
    // The relay still serves sync tokens as before.
    const again = open(`ws/${ws}/index`, await signToken(key, { ws, sub, role: 'viewer' }, 60));
    await synced(again);
  });
});

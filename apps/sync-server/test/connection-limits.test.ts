/**
 * Connection limits per client IP and per token, against the real relay process. Loopback has
 * many addresses (127.0.0.0/8), so a second "office" is a socket bound to 127.0.0.2.
 */
import { newId } from '@muster/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { removeDir, rooms, startRelay, token, type RelayProcess } from './harness';

let relay: RelayProcess;
const ws = newId();
const open: WebSocket[] = [];

beforeAll(async () => {
  relay = await startRelay({
    env: { MUSTER_SYNC_MAX_CONN_PER_IP: '3', MUSTER_SYNC_MAX_CONN_PER_TOKEN: '2' },
  });
}, 60_000);

afterAll(async () => {
  for (const s of open) s.terminate();
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

/** Open a socket from `from` (a loopback address); resolves once open or with its close. */
function dial(
  room: string,
  tok: string,
  from = '127.0.0.1',
): Promise<{ sock: WebSocket; close: Promise<{ code: number; reason: string }> }> {
  const sock = new WebSocket(`${relay.url}/${room}?token=${tok}`, { localAddress: from });
  open.push(sock);
  const close = new Promise<{ code: number; reason: string }>((resolve) =>
    sock.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    sock.once('open', () => resolve({ sock, close }));
    sock.once('error', reject);
  });
}

/** Send sync step 1 with an empty state vector and resolve with the room's text from step 2. */
function readText(sock: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) return;
      sock.off('message', onMessage);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
      resolve(doc.getText('t').toString());
    };
    sock.on('message', onMessage);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
    sock.send(encoding.toUint8Array(e));
  });
}

/** A sync update frame inserting `text` at the start of text `t`. */
function textUpdateFrame(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(e);
}

describe('connection limits', () => {
  it('refuses one connection too many from one address with 4529; other addresses and open connections are unaffected', async () => {
    const room = rooms.doc(ws);
    // Seed the room from another address so the limit below counts only 127.0.0.1.
    const writer = await dial(room, await token({ ws, role: 'editor' }), '127.0.0.9');
    writer.sock.send(textUpdateFrame('hello'));
    expect(await readText(writer.sock)).toBe('hello');

    // Three people (three tokens) behind one address: the limit is 3.
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await dial(room, await token({ ws, role: 'editor' })));
    const fourth = await dial(room, await token({ ws, role: 'editor' }));
    const over = await fourth.close;
    expect(over.code).toBe(4529);
    expect(over.reason).toBe('Too many connections from this address.');

    // Another address is admitted and served.
    const other = await dial(room, await token({ ws, role: 'editor' }), '127.0.0.2');
    expect(await readText(other.sock)).toBe('hello');
    // The connections already open from the full address keep working.
    for (const h of held) {
      expect(h.sock.readyState).toBe(WebSocket.OPEN);
      expect(await readText(h.sock)).toBe('hello');
    }
    // A freed slot is reusable.
    const leaving = held.pop()!;
    leaving.sock.close();
    await leaving.close;
    const next = await dial(room, await token({ ws, role: 'editor' }));
    expect(await readText(next.sock)).toBe('hello');
    for (const h of [...held, next, other, writer]) h.sock.close();
  });

  it('refuses a token over its connection limit with 4529, whatever the address; its open connections stay', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const a = await dial(room, tok, '127.0.0.3');
    const b = await dial(room, tok, '127.0.0.4');
    const third = await dial(room, tok, '127.0.0.5');
    const c = await third.close;
    expect(c.code).toBe(4529);
    expect(c.reason).toBe('Too many connections for this token.');
    expect(await readText(a.sock)).toBe('');
    expect(await readText(b.sock)).toBe('');
    a.sock.close();
    await a.close;
    const again = await dial(room, tok, '127.0.0.5');
    expect(await readText(again.sock)).toBe('');
    for (const s of [b, again]) s.sock.close();
  });
});

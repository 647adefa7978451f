import { newId } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  closedWith,
  connect,
  removeDir,
  rooms,
  startRelay,
  storedDoc,
  storedRooms,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';
import { secretKey, signToken } from '../src/auth';

let relay: RelayProcess;
const ws = newId();
const providers: WebsocketProvider[] = [];

function track(p: WebsocketProvider): WebsocketProvider {
  providers.push(p);
  return p;
}

async function metric(r: RelayProcess, line: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();
  const hit = text.split('\n').find((l) => l.startsWith(line + ' '));
  return hit ? Number(hit.slice(line.length + 1)) : 0;
}

/** Capture the auth "permission denied" reasons a provider receives (instead of console.warn). */
function deniedReasons(p: WebsocketProvider): string[] {
  const reasons: string[] = [];
  p.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder); // permission-denied sub type
    reasons.push(decoding.readVarString(decoder));
  };
  return reasons;
}

beforeAll(async () => {
  relay = await startRelay();
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

describe('sync and durability', () => {
  it('two clients converge and the relay stores what they wrote', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const a = track(connect(relay.url, room, tok));
    const b = track(connect(relay.url, room, tok));
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('t').insert(0, 'hello ');
    b.doc.getText('t').insert(0, 'world ');
    await waitFor(
      'convergence',
      () =>
        a.doc.getText('t').toString() === b.doc.getText('t').toString() &&
        a.doc.getText('t').length === 12,
    );
    // Each client has received the other's update, so both are durable.
    const stored = await storedDoc(relay.dataDir, room);
    expect(stored.getText('t').toString()).toBe(b.doc.getText('t').toString());
  });

  it('a client that was offline merges its edits on reconnect', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const a = track(connect(relay.url, room, tok));
    const b = track(connect(relay.url, room, tok));
    await Promise.all([synced(a), synced(b)]);
    a.disconnect();
    a.doc.getMap('m').set('offline', 'a');
    b.doc.getMap('m').set('online', 'b');
    a.connect();
    await waitFor(
      'merge',
      () => b.doc.getMap('m').get('offline') === 'a' && a.doc.getMap('m').get('online') === 'b',
    );
    const stored = await storedDoc(relay.dataDir, room);
    expect(stored.getMap('m').toJSON()).toEqual({ offline: 'a', online: 'b' });
  });

  it('a late joiner gets the stored state in its first sync (load before answer)', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const a = track(connect(relay.url, room, tok));
    await synced(a);
    a.doc.getText('t').insert(0, 'persisted');
    const b = track(connect(relay.url, room, tok));
    await synced(b);
    await waitFor('late joiner', () => b.doc.getText('t').toString() === 'persisted');
  });
});

describe('auth and roles', () => {
  it('refuses a missing, forged or expired token with 4401', async () => {
    const room = rooms.doc(ws);
    const missing = track(connect(relay.url, room, ''));
    missing.params = {};
    expect((await closedWith(missing)).code).toBe(4401);
    const forged = await signToken(
      secretKey('another-secret-another-secret-another'),
      { ws, sub: 'x', role: 'owner' },
      3600,
    );
    const f = track(connect(relay.url, room, forged));
    const fc = await closedWith(f);
    expect(fc.code).toBe(4401);
    expect(fc.reason).toMatch(/signature/);
    const e = track(connect(relay.url, room, await token({ ws, role: 'editor' }, -60)));
    const ec = await closedWith(e);
    expect(ec.code).toBe(4401);
    expect(ec.reason).toMatch(/expired/);
  });

  it('refuses a room outside the workspace (4403) and a bad room name (4404)', async () => {
    const tok = await token({ ws, role: 'owner' });
    const other = track(connect(relay.url, rooms.doc(newId()), tok));
    expect((await closedWith(other)).code).toBe(4403);
    const bad = track(connect(relay.url, 'ws/short/doc/x', tok));
    expect((await closedWith(bad)).code).toBe(4404);
  });

  it('a viewer syncs and sees changes but cannot change the doc, and is told it is read-only', async () => {
    const room = rooms.doc(ws);
    const editor = track(connect(relay.url, room, await token({ ws, role: 'editor' })));
    const viewer = track(
      connect(relay.url, room, await token({ ws, role: 'viewer' }), { connect: false }),
    );
    const denied = deniedReasons(viewer);
    viewer.connect();
    await Promise.all([synced(editor), synced(viewer)]);
    await waitFor('read-only notice', () => denied.length > 0);
    expect(denied[0]).toMatch(/read-only/);
    const before = await metric(relay, 'muster_sync_rejected_frames_total{reason="read_only"}');
    viewer.doc.getText('t').insert(0, 'viewer');
    const deadline = Date.now() + 20_000;
    while (
      (await metric(relay, 'muster_sync_rejected_frames_total{reason="read_only"}')) <= before
    ) {
      if (Date.now() > deadline) throw new Error('viewer update was not counted as dropped');
      await new Promise((r) => setTimeout(r, 20));
    }
    editor.doc.getText('t').insert(0, 'editor');
    await waitFor('viewer sees editor', () =>
      viewer.doc.getText('t').toString().includes('editor'),
    );
    expect(editor.doc.getText('t').toString()).toBe('editor');
    expect((await storedDoc(relay.dataDir, room)).getText('t').toString()).toBe('editor');
  });

  it('a respondent opens only its own submission rooms and reads only the forms in its token', async () => {
    const respondent = newId();
    const form = newId();
    const formRoom = rooms.form(ws, form);
    const tok = await token({ ws, sub: respondent, role: 'respondent', rooms: [formRoom] });
    const own = track(connect(relay.url, rooms.sub(ws, form, respondent), tok));
    await synced(own);
    own.doc.getMap('answers').set('temp', 36.6);
    const editor = track(
      connect(relay.url, rooms.sub(ws, form, respondent), await token({ ws, role: 'editor' }), {
        connect: false,
      }),
    );
    deniedReasons(editor); // coordinators read submission rooms; only the respondent writes
    editor.connect();
    await waitFor(
      'coordinator sees submission',
      () => editor.doc.getMap('answers').get('temp') === 36.6,
    );

    // Staff who are viewers fill in their own rooms but never open a colleague's answers.
    const viewerId = newId();
    const viewerTok = await token({ ws, sub: viewerId, role: 'viewer' });
    const colleague = track(connect(relay.url, rooms.sub(ws, form, respondent), viewerTok));
    expect((await closedWith(colleague)).code).toBe(4403);
    const viewerOwn = track(connect(relay.url, rooms.sub(ws, form, viewerId), viewerTok));
    await synced(viewerOwn);
    viewerOwn.doc.getMap('answers').set('temp', 37.1);
    const ownerReads = track(
      connect(relay.url, rooms.sub(ws, form, viewerId), await token({ ws, role: 'owner' })),
    );
    await waitFor(
      "owner sees the viewer's own answer",
      () => ownerReads.doc.getMap('answers').get('temp') === 37.1,
    );

    const someoneElse = track(connect(relay.url, rooms.sub(ws, form, newId()), tok));
    expect((await closedWith(someoneElse)).code).toBe(4403);
    // A public link to one form does not let its respondent feed another (e.g. a draft) form.
    const otherForm = track(connect(relay.url, rooms.sub(ws, newId(), respondent), tok));
    expect((await closedWith(otherForm)).code).toBe(4403);
    const doc = track(connect(relay.url, rooms.doc(ws), tok));
    expect((await closedWith(doc)).code).toBe(4403);
    const unlisted = track(connect(relay.url, rooms.form(ws), tok));
    expect((await closedWith(unlisted)).code).toBe(4403);

    const formEditor = track(connect(relay.url, formRoom, await token({ ws, role: 'editor' })));
    await synced(formEditor);
    formEditor.doc.getMap('form').set('title', 'Daily check-in');
    const formReader = track(connect(relay.url, formRoom, tok, { connect: false }));
    const denied = deniedReasons(formReader);
    formReader.connect();
    await waitFor(
      'respondent reads form',
      () => formReader.doc.getMap('form').get('title') === 'Daily check-in',
    );
    await waitFor('read-only notice', () => denied.length > 0);
    formReader.doc.getMap('form').set('title', 'hacked');
    // The editor writes after the respondent; if the respondent's write had been relayed, it
    // would reach the editor before this later change comes back.
    formEditor.doc.getMap('form').set('version', 2);
    await waitFor(
      'respondent gets later change',
      () => formReader.doc.getMap('form').get('version') === 2,
    );
    expect(formEditor.doc.getMap('form').get('title')).toBe('Daily check-in');
    expect((await storedDoc(relay.dataDir, formRoom)).getMap('form').get('title')).toBe(
      'Daily check-in',
    );
  });
});

describe('bad input', () => {
  async function raw(r: RelayProcess, room: string, tok: string): Promise<WebSocket> {
    const sock = new WebSocket(`${r.url}/${room}?token=${tok}`);
    await new Promise((resolve, reject) => {
      sock.once('open', resolve);
      sock.once('error', reject);
    });
    return sock;
  }
  function closeOf(sock: WebSocket): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) =>
      sock.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  it('closes garbage, invalid updates and unknown types with 4400; others are unaffected; nothing is written', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const good = track(connect(relay.url, room, tok));
    const watcher = track(connect(relay.url, room, tok));
    await Promise.all([synced(good), synced(watcher)]);
    good.doc.getText('t').insert(0, 'ok');
    await waitFor('watcher', () => watcher.doc.getText('t').toString() === 'ok');
    const logBefore = (await storedRooms(relay.dataDir)).get(room);

    const invalidUpdate = encoding.createEncoder();
    encoding.writeVarUint(invalidUpdate, 0);
    encoding.writeVarUint(invalidUpdate, 2);
    encoding.writeVarUint8Array(invalidUpdate, new Uint8Array([5, 200, 1, 7, 9, 9, 9]));
    const frames: [Uint8Array, RegExp][] = [
      [new Uint8Array([0xff, 0xff, 0xff]), /Malformed/],
      [encoding.toUint8Array(invalidUpdate), /Invalid Yjs update/],
      [new Uint8Array([9]), /Unknown message type/],
      [new Uint8Array([0, 0, 1, 0, 42]), /trailing/],
    ];
    for (const [frame, reason] of frames) {
      const sock = await raw(relay, room, tok);
      const closed = closeOf(sock);
      sock.send(frame);
      const c = await closed;
      expect(c.code).toBe(4400);
      expect(c.reason).toMatch(reason);
    }
    good.doc.getText('t').insert(2, '!');
    await waitFor('watcher still served', () => watcher.doc.getText('t').toString() === 'ok!');
    expect((await storedRooms(relay.dataDir)).get(room)).toBe((logBefore ?? 0) + 1);
  });

  it('[fuzz regression] refuses a decodable update Yjs cannot integrate: 4400, nothing stored, relay keeps serving', async () => {
    // Found by the fuzz test: decodes, then throws inside Yjs' integrate on this base state.
    const base = [
      1, 2, 210, 9, 0, 1, 1, 1, 116, 2, 132, 210, 9, 1, 9, 108, 108, 111, 32, 119, 111, 114, 108,
      100, 1, 210, 9, 1, 0, 2,
    ];
    const poison = [1, 1, 210, 9, 5, 132, 210, 9, 116, 6, 32, 119, 111, 114, 108, 100, 0];
    const frame = (update: number[]) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, new Uint8Array(update));
      return encoding.toUint8Array(e);
    };
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const writer = await raw(relay, room, tok);
    writer.send(frame(base));
    const watcher = track(connect(relay.url, room, tok));
    await waitFor('base state relayed', () => watcher.doc.getText('t').toString() === 'llo world');
    const logBefore = (await storedRooms(relay.dataDir)).get(room);
    const attacker = await raw(relay, room, tok);
    const closed = closeOf(attacker);
    attacker.send(frame(poison));
    const c = await closed;
    expect(c.code).toBe(4400);
    expect(c.reason).toMatch(/Invalid Yjs update/);
    expect((await storedRooms(relay.dataDir)).get(room)).toBe(logBefore);
    const fresh = track(connect(relay.url, room, tok));
    await synced(fresh);
    expect(fresh.doc.getText('t').toString()).toBe('llo world');
    writer.close();
  });

  it('enforces frame size, room size, message rate and connections per token', async () => {
    const limited = await startRelay({
      env: {
        MUSTER_SYNC_MAX_FRAME_BYTES: '4096',
        MUSTER_SYNC_MAX_ROOM_BYTES: '8192',
        MUSTER_SYNC_MSG_RATE: '5',
        MUSTER_SYNC_MSG_BURST: '20',
        MUSTER_SYNC_MAX_CONN_PER_TOKEN: '3',
      },
    });
    try {
      const tok = await token({ ws, role: 'editor' });
      const room = rooms.doc(ws);
      const sock = await raw(limited, room, tok);
      let closed = closeOf(sock);
      sock.send(new Uint8Array(5000));
      expect((await closed).code).toBe(4413);

      const writer = connect(limited.url, room, tok);
      const sizes = await (async () => {
        await synced(writer);
        const c = closedWith(writer);
        // Three updates of ~3 KB: the third would pass the 8 KB room limit.
        for (let i = 0; i < 3; i++) writer.doc.getText('t').insert(0, 'x'.repeat(3000));
        return c;
      })();
      expect(sizes.code).toBe(4409);
      writer.destroy();

      const flood = await raw(limited, rooms.doc(ws), tok);
      closed = closeOf(flood);
      for (let i = 0; i < 100; i++) flood.send(new Uint8Array([3]));
      expect((await closed).code).toBe(4529);

      const tok2 = await token({ ws, role: 'editor' });
      const held = [
        await raw(limited, rooms.doc(ws), tok2),
        await raw(limited, rooms.doc(ws), tok2),
        await raw(limited, rooms.doc(ws), tok2),
      ];
      const fourth = new WebSocket(`${limited.url}/${rooms.doc(ws)}?token=${tok2}`);
      expect((await closeOf(fourth)).code).toBe(4529);
      for (const h of held) h.close();
    } finally {
      await limited.stop();
      removeDir(limited.dataDir);
    }
  });
});

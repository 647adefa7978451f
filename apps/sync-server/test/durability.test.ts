import { newId } from '@muster/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import {
  closedWith,
  connect,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const started: RelayProcess[] = [];
const dirs = new Set<string>();
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const r of started.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) await r.kill9();
  }
  for (const d of dirs) removeDir(d);
  dirs.clear();
});

async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<RelayProcess> {
  const r = await startRelay(options);
  started.push(r);
  dirs.add(r.dataDir);
  return r;
}

describe('durability', () => {
  it('a graceful restart keeps data; clients are closed with 1001 and the first sync has the state', async () => {
    const ws = newId();
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const first = await relay();
    const a = connect(first.url, room, tok);
    providers.push(a);
    const b = connect(first.url, room, tok);
    providers.push(b);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getArray<number>('list').push([1, 2, 3]);
    await waitFor('relayed', () => b.doc.getArray('list').length === 3);
    const close = closedWith(a);
    expect(await first.stop()).toBe(0);
    expect((await close).code).toBe(1001);
    a.destroy();
    b.destroy();

    const second = await relay({ dataDir: first.dataDir });
    const c = connect(second.url, room, tok);
    providers.push(c);
    await synced(c);
    // No waiting: the relay loads the room before it answers sync step 1.
    expect(c.doc.getArray('list').toArray()).toEqual([1, 2, 3]);
  });

  it.each(['mixed', 'full', 'normal'])(
    'kill -9 during a stream of updates keeps every update another client had received (MUSTER_SQLITE_SYNCHRONOUS=%s)',
    async (synchronous) => {
      const seed = Date.now();
      console.log(`kill -9 test seed ${seed}`);
      const ws = newId();
      const room = rooms.doc(ws);
      const tok = await token({ ws, role: 'editor' });
      const env = { MUSTER_SQLITE_SYNCHRONOUS: synchronous };
      const first = await relay({ env });
      const writer = connect(first.url, room, tok);
      const observer = connect(first.url, room, tok);
      providers.push(writer, observer);
      await Promise.all([synced(writer), synced(observer)]);
      const killAfter = 100 + (seed % 200);
      let i = 0;
      const interval = setInterval(() => {
        // A few writes per tick so group commits batch several updates.
        for (let k = 0; k < 3; k++) writer.doc.getArray<number>('stream').push([i++]);
      }, 2);
      try {
        await waitFor(
          'observer to receive updates',
          () => observer.doc.getArray('stream').length >= killAfter,
          60_000,
        );
        await first.kill9();
      } finally {
        clearInterval(interval);
      }
      const received = observer.doc.getArray<number>('stream').toArray();
      writer.destroy();
      observer.destroy();
      expect(received.length).toBeGreaterThanOrEqual(killAfter);

      const second = await relay({ dataDir: first.dataDir, env });
      const fresh = connect(second.url, room, tok);
      providers.push(fresh);
      await synced(fresh);
      const stored = new Set(fresh.doc.getArray<number>('stream').toArray());
      const missing = received.filter((n) => !stored.has(n));
      expect(missing).toEqual([]);
    },
  );

  it('keeps every submission when a relay is killed while many rooms are written', async () => {
    const ws = newId();
    const form = newId();
    const first = await relay();
    const coordinatorTok = await token({ ws, role: 'editor' });
    const people = Array.from({ length: 20 }, () => newId());
    const coordinators = people.map((p) =>
      connect(first.url, rooms.sub(ws, form, p), coordinatorTok, { connect: false }),
    );
    for (const c of coordinators) {
      c.messageHandlers[2] = () => undefined; // read-only notice
      c.connect();
    }
    const respondents = await Promise.all(
      people.map(async (p) =>
        connect(
          first.url,
          rooms.sub(ws, form, p),
          await token({ ws, sub: p, role: 'respondent', rooms: [rooms.form(ws, form)] }),
        ),
      ),
    );
    providers.push(...coordinators, ...respondents);
    await Promise.all([...coordinators, ...respondents].map((p) => synced(p)));
    respondents.forEach((r, n) => r.doc.getMap('answers').set('n', n));
    await waitFor(
      'half the submissions relayed',
      () => coordinators.filter((c) => c.doc.getMap('answers').has('n')).length >= 10,
    );
    await first.kill9();
    const seen = coordinators.map((c) => c.doc.getMap('answers').get('n'));
    for (const p of [...coordinators, ...respondents]) p.destroy();

    const second = await relay({ dataDir: first.dataDir });
    const check = await Promise.all(
      people.map(async (p) => {
        const c = connect(
          second.url,
          rooms.sub(ws, form, p),
          await token({ ws, sub: p, role: 'respondent', rooms: [rooms.form(ws, form)] }),
        );
        providers.push(c);
        await synced(c);
        return c.doc.getMap('answers').get('n');
      }),
    );
    seen.forEach((value, n) => {
      if (value !== undefined) expect(check[n]).toBe(value);
    });
  });
});

/**
 * Several relay processes over one PostgreSQL database with Redis fan-out (issue 9), with real
 * processes, real services and the real y-websocket client: clients spread across processes
 * converge, and a process killed with -9 loses nothing another client had received.
 */
import { newId, Table } from '@muster/core';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';
import { DATABASE_URL, REDIS_URL, dropSchema, servicesAvailable } from './services';

const available = await servicesAvailable({ postgres: true, redis: true });
const run = `${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const relays: RelayProcess[] = [];
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const r of relays.splice(0)) {
    if (r.child.exitCode === null) await r.kill9();
    removeDir(r.dataDir);
  }
});

afterAll(async () => {
  if (available) for (const s of schemas) await dropSchema(s);
});

/** `n` relay processes sharing one fresh schema and one fan-out prefix. */
async function cluster(n: number): Promise<RelayProcess[]> {
  const schema = `muster_scale_${run}_${schemas.length}`;
  schemas.push(schema);
  const env = {
    MUSTER_DATABASE_URL: DATABASE_URL,
    MUSTER_DATABASE_SCHEMA: schema,
    MUSTER_REDIS_URL: REDIS_URL,
    MUSTER_REDIS_PREFIX: `${schema}:`,
    MUSTER_PROJECTOR: 'off',
  };
  const started = [];
  // One after another: the first creates the schema (migrations are locked, but no need to race).
  for (let i = 0; i < n; i++) started.push(await startRelay({ env }));
  relays.push(...started);
  return started;
}

async function open(
  url: string,
  room: string,
  tok: string,
  doc?: Y.Doc,
): Promise<WebsocketProvider> {
  const p = connect(url, room, tok, doc ? { doc } : {});
  providers.push(p);
  await synced(p);
  return p;
}

describe.skipIf(!available)('scale-out: several relay processes, PostgreSQL + Redis', () => {
  it('clients on three processes converge on a document, a table and presence', async () => {
    const [a, b, c] = await cluster(3);
    const ws = newId();
    const tok = await token({ ws, role: 'editor' });
    const docRoom = rooms.doc(ws);
    const clients = await Promise.all([a!, b!, c!].map((r) => open(r.url, docRoom, tok)));
    clients.forEach((p, i) => p.doc.getText('body').insert(0, `[from process ${i}]`));
    await waitFor('document converges', () =>
      clients.every((p) =>
        [0, 1, 2].every((i) => p.doc.getText('body').toString().includes(`[from process ${i}]`)),
      ),
    );
    const texts = new Set(clients.map((p) => p.doc.getText('body').toString()));
    expect(texts.size).toBe(1);

    const tableRoom = `ws/${ws}/table/${newId()}`;
    const tables = (await Promise.all([a!, b!, c!].map((r) => open(r.url, tableRoom, tok)))).map(
      (p) => new Table(p.doc),
    );
    const col = tables[0]!.addColumn({ id: 'temperature00000', name: '体温', type: 'number' });
    await waitFor('column everywhere', () => tables.every((t) => t.column(col) !== undefined));
    tables.forEach((t, i) => t.addRow({ [col]: 36 + i / 10 }, { id: `row-from-${i}` }));
    await waitFor('rows everywhere', () => tables.every((t) => t.rowCount === 3));
    expect(tables[2]!.getCell('row-from-0', col)).toBe(36);

    clients[0]!.awareness.setLocalStateField('user', { name: '王芳' });
    await waitFor('presence crosses processes', () =>
      [...clients[2]!.awareness.getStates().values()].some(
        (s) => (s as { user?: { name?: string } }).user?.name === '王芳',
      ),
    );
  });

  it('kill -9 of one process mid-stream: its client moves to another process and nothing received is lost', async () => {
    const [a, b, c] = await cluster(3);
    const ws = newId();
    const tok = await token({ ws, role: 'editor' });
    const room = rooms.doc(ws);
    const writer = await open(a!.url, room, tok);
    const watcher = await open(b!.url, room, tok);
    const list = writer.doc.getArray<number>('items');
    let written = 0;
    // A stream of edits on process a; the watcher (process b) records what reached it.
    while (written < 150) {
      list.push([written++]);
      if (written % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor('watcher saw some', () => watcher.doc.getArray('items').length >= 50);
    await a!.kill9();
    const seenByWatcher = watcher.doc.getArray<number>('items').toArray();

    // The writer keeps its doc and reconnects to another process; it keeps writing.
    writer.destroy();
    const moved = await open(c!.url, room, tok, writer.doc);
    for (let i = 0; i < 20; i++) moved.doc.getArray<number>('items').push([written++]);
    // Generous: reconnecting and catching up through three processes on two busy cores.
    await waitFor(
      'watcher has everything',
      () => watcher.doc.getArray('items').length === written,
      120_000,
    );

    // A newcomer on the surviving processes reads what the database holds.
    const fresh = await open(b!.url, room, tok);
    const stored = fresh.doc.getArray<number>('items').toArray();
    for (const n of seenByWatcher) expect(stored).toContain(n);
    expect(new Set(stored).size).toBe(written);
  });
});

// Compaction off the relay's event loop: merging a long log (apply + encode) takes from tens of
// milliseconds to seconds, so it runs here. Three jobs:
// - `merge`: snapshot + updates in, one update out (any storage: the caller reads and writes).
// - `sqlite`: read, merge and write a SQLite room on this thread's own connection, so neither
//   the read of the log nor the delete + fsync of the write runs on the event loop.
// - `checkpoint`: copy the WAL into the database file (and fsync both) on this thread, for a
//   storage that commits on the event loop with SQLite's automatic checkpoints turned off.
// Plain JavaScript: a worker starts without the TypeScript loader.
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

/** Apply a snapshot and a log to a fresh doc and encode it as one update. */
function merge(snapshot, updates) {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const u of updates) Y.applyUpdate(doc, u);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const databases = new Map();

function sqlite(file, synchronous) {
  let s = databases.get(file);
  if (s) return s;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  const selectSnapshot = db.prepare('SELECT data, upto FROM snapshots WHERE room = ?');
  const selectLog = db.prepare('SELECT seq, data FROM updates WHERE room = ? ORDER BY seq');
  const read = db.transaction((room) => ({
    snap: selectSnapshot.get(room),
    log: selectLog.all(room),
  }));
  const upsert = db.prepare(
    `INSERT INTO snapshots (room, data, upto) VALUES (?, ?, ?)
     ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto = excluded.upto`,
  );
  const deleteLog = db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?');
  // One transaction: a crash leaves either the old snapshot and the whole log, or the new
  // snapshot and the log after it. Never a snapshot older than one already written.
  const write = db.transaction((room, snapshot, upto) => {
    const current = selectSnapshot.get(room);
    if (current && current.upto >= upto) return false;
    upsert.run(room, snapshot, upto);
    deleteLog.run(room, upto);
    return true;
  });
  s = { db, read, write };
  databases.set(file, s);
  return s;
}

function compactSqlite(file, synchronous, room) {
  const { read, write } = sqlite(file, synchronous);
  const { snap, log } = read(room);
  if (log.length === 0 || (log.length === 1 && !snap)) return null;
  const upto = Math.max(snap?.upto ?? 0, log.at(-1).seq);
  const snapshot = merge(
    snap ? snap.data : null,
    log.map((r) => r.data),
  );
  if (!write.immediate(room, snapshot, upto)) return null;
  return { upto, snapshotBytes: snapshot.length, entries: log.length };
}

parentPort.on('message', (m) => {
  if (m.type === 'close') {
    for (const s of databases.values()) s.db.close();
    databases.clear();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    if (m.type === 'merge') {
      const update = merge(m.snapshot, m.updates);
      // Transfer, not copy, when the update owns its whole buffer.
      const whole = update.byteOffset === 0 && update.byteLength === update.buffer.byteLength;
      parentPort.postMessage({ id: m.id, update }, whole ? [update.buffer] : []);
    } else if (m.type === 'checkpoint') {
      const [result] = sqlite(m.file, m.synchronous).db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage({ id: m.id, checkpoint: result });
    } else if (m.type === 'sqlite') {
      parentPort.postMessage({ id: m.id, result: compactSqlite(m.file, m.synchronous, m.room) });
    } else {
      parentPort.postMessage({ id: m.id, error: `unknown job ${m.type}` });
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});

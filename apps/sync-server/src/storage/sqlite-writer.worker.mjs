// Appends room updates on its own thread, so the commit's fsync (synchronous=FULL) never blocks
// the relay's event loop. Plain JavaScript: a worker starts without the TypeScript loader.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
const appendAll = db.transaction((items) =>
  items.map((item) => Number(insert.run(item.room, item.update).lastInsertRowid)),
);

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, seqs: appendAll(message.items) });
  } catch (e) {
    parentPort.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});

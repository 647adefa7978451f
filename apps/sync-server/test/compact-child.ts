/**
 * Child process for compaction.test.ts: compacts one room of a SQLite file the way the relay does
 * (on the compaction thread), printing `start` just before and `done` after, so the parent can
 * kill -9 it at a chosen moment of the compaction.
 */
import { compactStoredRoom } from '../src/compactor';
import { openSqliteStorage } from '../src/storage/sqlite-storage';

const [file, room] = process.argv.slice(2) as [string, string];
const storage = openSqliteStorage(file, { writerThread: true });
process.stdout.write('start\n');
await compactStoredRoom(storage, room);
process.stdout.write('done\n');
await storage.close();

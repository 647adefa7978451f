import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProjectionLedger } from '@muster/forms';

/** A {@link ProjectionLedger} on disk that can be closed. */
export interface DurableLedger extends ProjectionLedger {
  close(): void;
}

/**
 * The projector's ledger: per submission room, the state vector it has fully projected (table row
 * and receipt durable). Its own SQLite file beside the relay's, so the relay's schema stays the
 * relay's; written after the receipt is durable, so a crash can only make it older, never newer.
 */
export function openLedger(file: string): DurableLedger {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS projected (room TEXT PRIMARY KEY, sv BLOB NOT NULL)');
  const read = db.prepare<[string], { sv: Buffer }>('SELECT sv FROM projected WHERE room = ?');
  const write = db.prepare<[string, Buffer]>(
    'INSERT INTO projected (room, sv) VALUES (?, ?) ON CONFLICT(room) DO UPDATE SET sv = excluded.sv',
  );
  return {
    get(room) {
      const row = read.get(room);
      return row ? new Uint8Array(row.sv) : undefined;
    },
    set(room, sv) {
      write.run(room, Buffer.from(sv));
    },
    close() {
      db.close();
    },
  };
}

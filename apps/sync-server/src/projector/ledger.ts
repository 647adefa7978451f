import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LedgerEntry } from './coordination';

/** The single-process projector ledger on disk. */
export interface DurableLedger {
  entry(room: string): LedgerEntry | undefined;
  record(room: string, projection: { sv: Uint8Array; upto: number; wrote: boolean }): void;
  close(): void;
}

/**
 * The projector's ledger for one relay process: per submission room, the state vector it has fully
 * projected (table row and receipt durable). Its own SQLite file beside the relay's, so the relay's
 * schema stays the relay's; written after the receipt is durable, so a crash can only make it
 * older, never newer. (Several processes use the PostgreSQL ledger instead.)
 */
export function openLedger(file: string): DurableLedger {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS projected (room TEXT PRIMARY KEY, sv BLOB NOT NULL)');
  // Columns added after the first release; files from then get them with their defaults.
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('projected')")
      .all()
      .map((c) => c.name),
  );
  if (!columns.has('upto'))
    db.exec('ALTER TABLE projected ADD COLUMN upto INTEGER NOT NULL DEFAULT 0');
  if (!columns.has('projections'))
    db.exec('ALTER TABLE projected ADD COLUMN projections INTEGER NOT NULL DEFAULT 0');
  const read = db.prepare<[string], { sv: Buffer; upto: number; projections: number }>(
    'SELECT sv, upto, projections FROM projected WHERE room = ?',
  );
  const write = db.prepare<[string, Buffer, number, number]>(
    `INSERT INTO projected (room, sv, upto, projections) VALUES (?, ?, ?, ?)
     ON CONFLICT(room) DO UPDATE SET sv = excluded.sv, upto = excluded.upto,
       projections = projected.projections + excluded.projections`,
  );
  return {
    entry(room) {
      const row = read.get(room);
      return row
        ? { sv: new Uint8Array(row.sv), upto: row.upto, projections: row.projections }
        : undefined;
    },
    record(room, p) {
      write.run(room, Buffer.from(p.sv), p.upto, p.wrote ? 1 : 0);
    },
    close() {
      db.close();
    },
  };
}

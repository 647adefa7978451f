import { newId } from '@muster/core';
import * as Y from 'yjs';
import { openLedger, type DurableLedger } from './ledger';

/** A submission room that has changes to project, with the mark's generation. */
export interface PendingRoom {
  room: string;
  /** Bumped by every new mark: clearing a mark taken at an older generation leaves it pending. */
  gen: number;
}

/** What the ledger holds for one submission room. */
export interface LedgerEntry {
  /** State vector of the stored submission that was projected. */
  sv: Uint8Array;
  /** Highest storage sequence number of the room included in that projection. */
  upto: number;
  /** How many projections wrote something (a row or a receipt). */
  projections: number;
}

/** Thrown by {@link ProjectionCoordinator.record} when another process took the form's lease. */
export class LeaseLostError extends Error {
  constructor(form: string) {
    super(`The projection lease for ${form} was taken over by another process.`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Who projects what, and what has been projected. One relay process: everything is local. Several
 * processes: PostgreSQL holds the pending marks, a lease per form (one process projects a form at
 * a time) and the ledger, so a submission is projected exactly once whichever process took it.
 */
export interface ProjectionCoordinator {
  /** This process's lease holder id (`{pid}-{random}`). */
  readonly holder: string;
  /** True when other processes share the work: the projector then sweeps for pending forms. */
  readonly shared: boolean;
  /** Durably note that `room` (of form room `form`) has changes to project. */
  markPending(room: string, form: string): Promise<void>;
  /** Form rooms that have pending submission rooms. */
  pendingForms(): Promise<string[]>;
  pendingRooms(form: string): Promise<PendingRoom[]>;
  /** Take (or keep) the form's lease; false while another live process holds it. */
  acquire(form: string): Promise<boolean>;
  release(form: string): Promise<void>;
  entry(room: string): Promise<LedgerEntry | undefined>;
  /**
   * Record a projection of `pending.room` and clear its mark (unless marked again since), only
   * while this process still holds the form's lease; otherwise throws {@link LeaseLostError}.
   */
  record(
    form: string,
    pending: PendingRoom,
    projection: { sv: Uint8Array; upto: number; wrote: boolean },
  ): Promise<void>;
  /** After a (re)start: mark every stored submission room the ledger is behind on. */
  markStale(storedRooms: () => Promise<string[]>): Promise<number>;
  close(): Promise<void>;
}

/** A lease holder id that names the process (operators and tests map it to a pid). */
export function holderId(): string {
  return `${process.pid}-${newId()}`;
}

/** True when state vector `a` includes everything `b` has seen. */
export function covers(a: Uint8Array, b: Uint8Array): boolean {
  const have = Y.decodeStateVector(a);
  for (const [client, clock] of Y.decodeStateVector(b)) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * One relay process (SQLite): the lease is always ours, pending marks live in memory (a restart's
 * catch-up finds what they held), and the ledger is its own SQLite file.
 */
export function localCoordinator(ledgerFile: string): ProjectionCoordinator {
  const ledger: DurableLedger = openLedger(ledgerFile);
  const pending = new Map<string, Map<string, number>>();
  let gen = 0;
  return {
    holder: holderId(),
    shared: false,
    async markPending(room, form) {
      let rooms = pending.get(form);
      if (!rooms) pending.set(form, (rooms = new Map()));
      rooms.set(room, ++gen);
    },
    async pendingForms() {
      return [...pending.keys()];
    },
    async pendingRooms(form) {
      return [...(pending.get(form) ?? [])].map(([room, g]) => ({ room, gen: g }));
    },
    async acquire() {
      return true;
    },
    async release() {},
    async entry(room) {
      return ledger.entry(room);
    },
    async record(form, p, projection) {
      ledger.record(p.room, projection);
      const rooms = pending.get(form);
      if (rooms?.get(p.room) === p.gen) rooms.delete(p.room);
      if (rooms?.size === 0) pending.delete(form);
    },
    async markStale(storedRooms) {
      // The local ledger has no view of the relay's sequence numbers: check every room.
      let n = 0;
      for (const room of await storedRooms()) {
        await this.markPending(room, formOf(room));
        n++;
      }
      return n;
    },
    async close() {
      ledger.close();
    },
  };
}

/** The form room of a submission room: `ws/{ws}/sub/{form}/{r}` → `ws/{ws}/form/{form}`. */
export function formOf(subRoom: string): string {
  const [, ws, , form] = subRoom.split('/');
  return `ws/${ws}/form/${form}`;
}

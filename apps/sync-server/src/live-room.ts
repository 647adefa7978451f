import type { Room } from '@muster/core';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2 } from './protocol';

/** What a room needs from a connection. */
export interface RoomClient {
  readonly id: number;
  /** Awareness client ids this connection set, removed when it leaves. */
  readonly awarenessIds: Set<number>;
  send(frame: Uint8Array): void;
  /** Close the connection with 4500 and `reason` (room reset). */
  evict(reason: string): void;
}

/**
 * One room in memory: its doc (durable state plus the writes of the current group commit), its
 * awareness, its clients, and the bookkeeping for limits, unload and compaction.
 */
export class LiveRoom {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly clients = new Set<RoomClient>();
  /** Server-side holders (`openRoom`) that keep the room loaded. */
  holders = 0;
  /** Resolves once the stored state is applied and `onRoomLoaded` hooks ran. */
  ready: Promise<void> = Promise.resolve();
  loaded = false;
  /** Highest log sequence number contained in `doc`. */
  appliedSeq = 0;
  /** Bytes of the stored snapshot. */
  snapshotBytes = 0;
  /** Log entries after the snapshot: [seq, bytes]. */
  log: [number, number][] = [];
  /** Bytes of updates queued for commit (counted against the room limit). */
  reservedBytes = 0;
  /** Updates applied to `doc` but not yet durable (nothing of them has been sent anywhere). */
  pendingWrites = 0;
  /** The update a client's apply produced, picked up by the pipeline right after the apply. */
  captured: Uint8Array | null = null;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Set by a server change while its transaction runs, so its update resolves the caller. */
  durableOnce: (() => void) | null = null;
  private durableWaiters: (() => void)[] = [];
  private fullState: Uint8Array | null = null;
  private step1: Uint8Array | null = null;

  constructor(
    readonly name: string,
    readonly room: Room,
  ) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The relay itself has no presence.
    this.awareness.setLocalState(null);
    this.doc.on('update', () => {
      this.fullState = null;
      this.step1 = null;
    });
  }

  /** Stored size: snapshot + log + queued, for the room-size limit. */
  get bytes(): number {
    let sum = this.snapshotBytes + this.reservedBytes;
    for (const [, b] of this.log) sum += b;
    return sum;
  }

  /** True when nothing keeps the room in memory and every write is durable. */
  get idle(): boolean {
    return this.clients.size === 0 && this.holders === 0 && this.pendingWrites === 0;
  }

  /** The server's sync step 1, built once per doc version and shared by every joiner. */
  syncStep1(): Uint8Array {
    this.step1 ??= encodeSyncStep1(Y.encodeStateVector(this.doc));
    return this.step1;
  }

  /**
   * Sync step 2 for a client's state vector. A fresh client (empty state vector) gets the full
   * state, built once per doc version and shared — join storms cost one encode, not N.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      this.fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc));
      return this.fullState;
    }
    return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /**
   * Resolves when every write in `doc` is durable, so a reply built then holds nothing that a
   * crash could lose. With SQLite each group commit ends in that state (commits are synchronous,
   * so nothing is applied between a commit and its callbacks).
   */
  durable(): Promise<void> {
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.durableWaiters.push(resolve));
  }

  /** Call when a queued write committed or failed. */
  writeDone(): void {
    this.pendingWrites--;
    if (this.pendingWrites === 0) {
      const waiters = this.durableWaiters;
      this.durableWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Send a frame to every client but `except`. */
  broadcast(frame: Uint8Array, except: RoomClient | null): void {
    for (const c of this.clients) if (c !== except) c.send(frame);
  }

  /** Release timers and listeners. */
  destroy(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
    const waiters = this.durableWaiters;
    this.durableWaiters = [];
    for (const w of waiters) w();
  }
}

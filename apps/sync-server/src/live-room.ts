import type { Room } from '@muster/core';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol';
import { splitUpdate } from './split-update';

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
  readonly doc: Y.Doc;
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
  /** The transaction of that apply, for extensions' `checkClientTransaction`. */
  capturedTransaction: Y.Transaction | null = null;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Set by a server change while its transaction runs, so its update resolves the caller. */
  durableOnce: (() => void) | null = null;
  private durableWaiters: { ticket: number; run: () => void }[] = [];
  private lastTicket = 0;
  private readonly openTickets = new Set<number>();
  private fullState: Uint8Array[] | null = null;
  private step1: Uint8Array | null = null;

  constructor(
    readonly name: string,
    readonly room: Room,
    /** Largest frame sent to a client; bigger states go out in several messages. */
    private readonly maxFrameBytes = Number.POSITIVE_INFINITY,
  ) {
    // The room name as the guid: Yjs would otherwise draw a random UUID, about 50 µs of
    // getRandomValues calls per room load (a join storm opens a room per respondent).
    this.doc = new Y.Doc({ guid: name });
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
   * Sync step 2 for a client's state vector, as frames to send in order. A fresh client (empty
   * state vector) gets the full state, built once per doc version and shared: join storms cost
   * one encode, not N. A reply bigger than the frame limit goes out as update messages below it,
   * the last one as the step 2 (the stock client reports "synced" on it, once it has everything).
   */
  syncStep2(stateVector: Uint8Array): Uint8Array[] {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      this.fullState ??= this.step2Frames(Y.encodeStateAsUpdate(this.doc));
      return this.fullState;
    }
    return this.step2Frames(Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /** An update to relay, as one frame or, above the frame limit, several. */
  updateFrames(update: Uint8Array): Uint8Array[] {
    return this.parts(update).map(encodeUpdate);
  }

  private step2Frames(update: Uint8Array): Uint8Array[] {
    const parts = this.parts(update);
    return parts.map((p, i) => (i === parts.length - 1 ? encodeSyncStep2(p) : encodeUpdate(p)));
  }

  private parts(update: Uint8Array): Uint8Array[] {
    // Room for the message type, the sync subtype and the payload's length prefix.
    const budget = this.maxFrameBytes - 16;
    return update.length <= budget ? [update] : splitUpdate(update, budget);
  }

  /** Register a write applied to `doc` and queued for commit; returns its ticket. */
  beginWrite(): number {
    const ticket = ++this.lastTicket;
    this.openTickets.add(ticket);
    this.pendingWrites++;
    return ticket;
  }

  /** A write committed (or was given up); run what waited for it and everything before it. */
  endWrite(ticket: number): void {
    if (!this.openTickets.delete(ticket)) return;
    this.pendingWrites--;
    // Tickets are added in increasing order, so the Set's first entry is the oldest open one.
    const oldest = this.openTickets.values().next().value ?? Infinity;
    const ready = this.durableWaiters.filter((w) => w.ticket < oldest);
    if (ready.length === 0) return;
    this.durableWaiters = this.durableWaiters.filter((w) => w.ticket >= oldest);
    for (const w of ready) w.run();
  }

  /**
   * Run `fn` once every write applied to `doc` so far is durable. A reply built now and sent
   * then holds nothing a crash could lose, and later writes never hold it back (no starvation
   * in a hot room while commits overlap).
   */
  afterDurable(fn: () => void): void {
    if (this.openTickets.size === 0) fn();
    else this.durableWaiters.push({ ticket: this.lastTicket, run: fn });
  }

  /** Promise form of {@link afterDurable}. */
  durable(): Promise<void> {
    return new Promise((resolve) => this.afterDurable(resolve));
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
    for (const w of waiters) w.run();
  }
}

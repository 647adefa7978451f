import { roomName, type Room } from '@muster/core';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, RejectReason, SyncServerError } from './errors';
import type { HeldRoom, RoomHandle, SyncExtension, UpdateOrigin } from './extensions';
import type { GroupCommitter } from './group-commit';
import { LiveRoom, type RoomClient } from './live-room';
import type { SyncMetrics } from './metrics';
import { encodeAwareness } from './protocol';
import type { RoomStorage } from './storage/storage';
import { FanoutKind, type Fanout, type FanoutMessage } from './fanout/fanout';

/** Origin of applying stored state while loading: nothing to persist or relay. */
const LOADING = Symbol('loading');
/** Origin of applying a client's update: the pipeline picks up what it produced. */
class FromClient {
  constructor(
    readonly client: RoomClient,
    readonly origin: UpdateOrigin,
  ) {}
}
/**
 * Origin of applying what another relay process committed (received through the fan-out): it is
 * already durable in the shared storage, so it is relayed to local clients but not stored again,
 * and its awareness changes are not published back.
 */
const FROM_FANOUT = Symbol('fanout');
/** Marks a server change made through `change(fn, label)`. */
class ServerChange {
  constructor(readonly label: string) {}
}

/** Log entries applied per event-loop turn while loading a room. */
const LOAD_CHUNK = 256;

/** Options of {@link RoomManager}. */
export interface RoomManagerOptions {
  storage: RoomStorage;
  committer: GroupCommitter;
  metrics: SyncMetrics;
  logger: Logger;
  extensions: readonly SyncExtension[];
  maxRoomsLoaded: number;
  maxRoomBytes: number;
  /** Largest frame sent to a client (big states and updates are split below it). */
  maxFrameBytes: number;
  unloadGraceMs: number;
  compactAfterUpdates: number;
  /** Called when a room's log is long enough to compact, or when it unloads with a log. */
  requestCompaction(name: string): void;
  /** Cross-process fan-out, or null for a single relay process. */
  fanout: Fanout | null;
}

/**
 * Loads rooms on first use, unloads them after the last holder leaves plus a grace period (and
 * only once every write is durable), and runs the write pipeline: append → commit → apply →
 * relay → hooks.
 */
export class RoomManager {
  readonly rooms = new Map<string, LiveRoom>();
  private closing = false;

  /** Rooms reading the shared storage because a fan-out update arrived before its predecessors. */
  private readonly catchingUp = new Set<LiveRoom>();

  /** Fan-out messages that arrived while their room was still loading from storage. */
  private readonly earlyMessages = new Map<string, FanoutMessage[]>();

  constructor(private readonly o: RoomManagerOptions) {
    // After a broker outage, messages may be lost: every loaded room catches up from storage.
    o.fanout?.onResubscribed(() => {
      for (const live of this.rooms.values()) if (live.loaded) void this.catchUp(live);
    });
  }

  /** Get the loaded room, loading it if needed. @throws SyncServerError 4503 when full. */
  async acquire(name: string, room: Room): Promise<LiveRoom> {
    let live = this.rooms.get(name);
    if (!live) {
      if (this.closing) throw new SyncServerError(CloseCode.GoingAway, 'Server shutting down.');
      if (this.rooms.size >= this.o.maxRoomsLoaded) {
        throw new SyncServerError(CloseCode.Overloaded, 'Too many rooms loaded; retry later.');
      }
      live = new LiveRoom(name, room, this.o.maxFrameBytes);
      this.rooms.set(name, live);
      this.o.metrics.roomsLoaded.set(this.rooms.size);
      this.wire(live);
      const loading = live;
      live.ready = this.load(loading).catch((e: unknown) => {
        // A failed load must not leave the room behind (no leak, and the next try reloads).
        this.o.logger.error({ err: e, room: name }, 'room load failed');
        this.drop(loading);
        throw new SyncServerError(
          CloseCode.InternalError,
          'Room could not be loaded; retry later.',
        );
      });
    }
    this.cancelUnload(live);
    return live;
  }

  /** Attach a client; it must call {@link leave} when it goes. */
  join(live: LiveRoom, client: RoomClient): void {
    this.cancelUnload(live);
    live.clients.add(client);
  }

  /** Detach a client, remove its awareness states and maybe schedule the unload. */
  leave(live: LiveRoom, client: RoomClient): void {
    if (!live.clients.delete(client)) return;
    if (client.awarenessIds.size > 0 && live.loaded) {
      awarenessProtocol.removeAwarenessStates(live.awareness, [...client.awarenessIds], null);
    }
    this.maybeUnload(live);
  }

  /** Server-side access that keeps the room loaded until released. */
  async open(name: string): Promise<HeldRoom> {
    const room = roomName.parse(name);
    const live = await this.acquire(name, room);
    live.holders++;
    try {
      await live.ready;
    } catch (e) {
      live.holders--;
      throw e;
    }
    let released = false;
    return {
      ...this.handle(live),
      release: () => {
        if (released) return;
        released = true;
        live.holders--;
        this.maybeUnload(live);
      },
    };
  }

  /**
   * A client update: apply it (Yjs integration is the only complete validator), append what it
   * changed to the log, and relay that only after the commit. `done` gets null once it is
   * durable, or the refusal. A refused update is never stored or relayed.
   */
  submit(
    live: LiveRoom,
    client: RoomClient,
    origin: UpdateOrigin,
    update: Uint8Array,
    done: (error: SyncServerError | null) => void,
  ): void {
    if (live.bytes + update.length > this.o.maxRoomBytes) {
      done(
        new SyncServerError(
          CloseCode.RoomTooLarge,
          `Room is over its ${this.o.maxRoomBytes}-byte limit.`,
        ),
      );
      return;
    }
    live.captured = null;
    try {
      Y.applyUpdate(live.doc, update, new FromClient(client, origin));
    } catch (e) {
      // Decodable but not integrable (e.g. a mutated update). Yjs may have integrated part of it
      // before throwing: drop that part unstored and unsent by resetting the room from storage.
      live.captured = null;
      this.o.logger.warn({ err: e, room: live.name }, 'update failed to apply; resetting room');
      done(
        new SyncServerError(
          CloseCode.BadMessage,
          'Invalid Yjs update.',
          RejectReason.invalidUpdate,
        ),
      );
      this.reset(live);
      return;
    }
    const effective = live.captured as Uint8Array | null;
    const transaction = live.capturedTransaction;
    live.captured = null;
    live.capturedTransaction = null;
    // Nothing new (already known, or waiting for missing dependencies in Yjs' pending store).
    if (effective === null) return done(null);
    const refusal = transaction ? this.checkClientTransaction(live, transaction, origin) : null;
    if (refusal !== null) {
      this.o.metrics.rejectedFrames.inc({ reason: RejectReason.forbiddenChange });
      this.o.logger.warn(
        { room: live.name, origin, refusal },
        'client update refused by an extension',
      );
      done(new SyncServerError(CloseCode.Forbidden, refusal, RejectReason.forbiddenChange));
      // The refused change is in memory only: reload the room from storage without it.
      this.reset(live);
      return;
    }
    this.persist(live, effective, origin, client, (error) => done(error));
  }

  /** Every loaded room's handle. */
  handles(): RoomHandle[] {
    return [...this.rooms.values()].filter((r) => r.loaded).map((r) => this.handle(r));
  }

  /** Stop loading new rooms, flush and unload everything. */
  async close(): Promise<void> {
    this.closing = true;
    await this.o.committer.flush();
    for (const live of [...this.rooms.values()]) {
      await live.ready.catch(() => undefined);
      await live.durable();
      this.unloadNow(live);
    }
  }

  private committed(live: LiveRoom, seq: number, bytes: number): void {
    live.log.push([seq, bytes]);
    live.appliedSeq = Math.max(live.appliedSeq, seq);
    this.o.metrics.updates.inc();
    if (live.log.length >= this.o.compactAfterUpdates) this.o.requestCompaction(live.name);
  }

  private handle(live: LiveRoom): RoomHandle {
    return {
      name: live.name,
      room: live.room,
      doc: live.doc,
      change: (fn, label = 'server') =>
        new Promise<void>((resolve, reject) => {
          const run = () => {
            try {
              live.durableOnce = resolve;
              live.doc.transact(() => fn(live.doc), new ServerChange(label));
              // No update (fn changed nothing): nothing to wait for.
              if (live.durableOnce === resolve) {
                live.durableOnce = null;
                resolve();
              }
            } catch (e) {
              live.durableOnce = null;
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          };
          // Inside one of this doc's transactions a nested transact would merge into it and
          // carry the caller's origin; run right after instead so the change gets persisted.
          if (live.doc._transaction !== null) queueMicrotask(run);
          else run();
        }),
    };
  }

  private wire(live: LiveRoom): void {
    live.doc.on(
      'update',
      (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
        if (origin === LOADING) return;
        if (origin === FROM_FANOUT) {
          // Durable already (another process stored it): relay only.
          for (const frame of live.updateFrames(update)) live.broadcast(frame, null);
          return;
        }
        if (origin instanceof FromClient) {
          // submit() decides after the apply returns whether this is stored.
          live.captured = live.captured ? Y.mergeUpdates([live.captured, update]) : update;
          live.capturedTransaction = transaction;
          return;
        }
        // Anything else changed the doc on the server: persist first, then relay.
        const label = origin instanceof ServerChange ? origin.label : 'server';
        const resolve = live.durableOnce;
        live.durableOnce = null;
        this.persist(live, update, { kind: 'server', label }, null, () => resolve?.());
      },
    );
    live.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const client =
          origin !== null && typeof origin === 'object' && 'awarenessIds' in origin
            ? (origin as RoomClient)
            : null;
        if (client) {
          for (const id of added.concat(updated)) client.awarenessIds.add(id);
          for (const id of removed) client.awarenessIds.delete(id);
        }
        const changed = added.concat(updated, removed);
        if (changed.length === 0) return;
        const update = awarenessProtocol.encodeAwarenessUpdate(live.awareness, changed);
        if (origin !== FROM_FANOUT) this.o.fanout?.publish(live.name, FanoutKind.awareness, update);
        if (live.clients.size === 0) return;
        live.broadcast(encodeAwareness(update), client);
      },
    );
  }

  /**
   * Append an update that is already in `live.doc`; relay it to everyone but `except` and run
   * the hooks once durable. If the append fails the update stays in memory (rather than being
   * lost) and is retried; the client that sent it is told to retry later.
   */
  private persist(
    live: LiveRoom,
    update: Uint8Array,
    origin: UpdateOrigin,
    except: RoomClient | null,
    done: (error: SyncServerError | null) => void,
    attempt = 0,
    ticketOf = 0,
  ): void {
    if (attempt === 0) live.reservedBytes += update.length;
    const ticket = attempt === 0 ? live.beginWrite() : ticketOf;
    this.o.committer.enqueue(
      live.name,
      update,
      (error, seq) => {
        if (error) {
          this.o.logger.error({ err: error, room: live.name, attempt }, 'append failed');
          if (attempt === 0)
            done(new SyncServerError(CloseCode.InternalError, 'Storage failed; retry later.'));
          if (attempt < 3 && !this.closing) {
            this.persist(live, update, origin, except, done, attempt + 1, ticket);
            return;
          }
        } else {
          this.committed(live, seq, update.length);
          this.o.fanout?.publish(live.name, FanoutKind.update, update, seq);
          if (this.rooms.get(live.name) === live) {
            for (const frame of live.updateFrames(update)) live.broadcast(frame, except);
            this.runOnUpdate(live, update, origin);
          }
          if (attempt === 0) done(null);
        }
        live.reservedBytes -= update.length;
        live.endWrite(ticket);
        this.maybeUnload(live);
      },
      // A client keeps what it sent and sends it again after a loss; nobody else has what the
      // server made, so that is on disk before anyone sees it.
      origin.kind === 'server',
    );
  }

  /** Throw away the in-memory room (clients reconnect and reload it from storage). */
  private reset(live: LiveRoom): void {
    for (const c of [...live.clients]) c.evict('Room reset after a rejected update; reconnect.');
    live.clients.clear();
    this.drop(live);
  }

  private fromFanout(message: FanoutMessage): void {
    const early = this.earlyMessages.get(message.room);
    if (early) {
      early.push(message);
      return;
    }
    const live = this.rooms.get(message.room);
    if (live?.loaded) this.applyFanout(live, message);
  }

  private applyFanout(live: LiveRoom, message: FanoutMessage): void {
    try {
      if (message.kind === FanoutKind.update) {
        Y.applyUpdate(live.doc, message.data, FROM_FANOUT);
        // Yjs keeps an update whose predecessors it has not seen as pending: this process missed
        // one, e.g. committed by a process killed before it published. The database has it.
        const { pendingStructs, pendingDs } = live.doc.store;
        if ((pendingStructs !== null || pendingDs !== null) && !this.catchingUp.has(live)) {
          this.catchingUp.add(live);
          void this.catchUp(live).finally(() => this.catchingUp.delete(live));
        }
      } else awarenessProtocol.applyAwarenessUpdate(live.awareness, message.data, FROM_FANOUT);
    } catch (e) {
      // Only relays publish on these channels, but a broken message must not take a room down.
      this.o.logger.warn({ err: e, room: live.name }, 'fan-out message failed to apply');
    }
  }

  /** Apply whatever the shared storage has that this process's copy may have missed. */
  private async catchUp(live: LiveRoom): Promise<void> {
    try {
      const stored = await this.o.storage.loadRoom(live.name);
      if (this.rooms.get(live.name) !== live) return;
      live.doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(live.doc, stored.snapshot, FROM_FANOUT);
        for (const u of stored.updates) Y.applyUpdate(live.doc, u.update, FROM_FANOUT);
      }, FROM_FANOUT);
    } catch (e) {
      this.o.logger.error({ err: e, room: live.name }, 'fan-out catch-up failed');
    }
  }

  private checkClientTransaction(
    live: LiveRoom,
    transaction: Y.Transaction,
    origin: UpdateOrigin,
  ): string | null {
    const h = this.handle(live);
    for (const ext of this.o.extensions) {
      if (!ext.checkClientTransaction) continue;
      try {
        const refusal = ext.checkClientTransaction(h, transaction, origin);
        if (refusal !== null) return refusal;
      } catch (e) {
        // A check that cannot decide refuses: letting an unchecked change through is worse.
        this.o.logger.error(
          { err: e, extension: ext.name, room: live.name },
          'checkClientTransaction failed',
        );
        return 'The server could not check this change; try again later.';
      }
    }
    return null;
  }

  private runOnUpdate(live: LiveRoom, update: Uint8Array, origin: UpdateOrigin): void {
    if (this.o.extensions.length === 0) return;
    const h = this.handle(live);
    for (const ext of this.o.extensions) {
      try {
        ext.onUpdate?.(h, update, origin);
      } catch (e) {
        this.o.logger.error(
          { err: e, extension: ext.name, room: live.name },
          'onUpdate hook failed',
        );
      }
    }
  }

  private async load(live: LiveRoom): Promise<void> {
    if (this.o.fanout) {
      // Subscribe before reading storage: an update another process commits in between arrives
      // as a message (kept until the load is done) instead of being missed.
      this.earlyMessages.set(live.name, []);
      await this.o.fanout.subscribe(live.name, (message) => this.fromFanout(message));
    }
    const stored = await this.o.storage.loadRoom(live.name);
    if (stored.snapshot) Y.applyUpdate(live.doc, stored.snapshot, LOADING);
    live.snapshotBytes = stored.snapshot?.length ?? 0;
    for (let i = 0; i < stored.updates.length; i += LOAD_CHUNK) {
      // Yield between chunks so a long log does not block other rooms.
      if (i > 0) await new Promise<void>((r) => setImmediate(r));
      const chunk = stored.updates.slice(i, i + LOAD_CHUNK);
      live.doc.transact(() => {
        for (const u of chunk) Y.applyUpdate(live.doc, u.update, LOADING);
      }, LOADING);
      for (const u of chunk) live.log.push([u.seq, u.update.length]);
    }
    live.appliedSeq = stored.lastSeq;
    const early = this.earlyMessages.get(live.name) ?? [];
    this.earlyMessages.delete(live.name);
    for (const message of early) this.applyFanout(live, message);
    const h = this.handle(live);
    for (const ext of this.o.extensions) {
      try {
        await ext.onRoomLoaded?.(h);
      } catch (e) {
        this.o.logger.error(
          { err: e, extension: ext.name, room: live.name },
          'onRoomLoaded hook failed',
        );
      }
    }
    live.loaded = true;
    if (live.log.length >= this.o.compactAfterUpdates) this.o.requestCompaction(live.name);
  }

  private cancelUnload(live: LiveRoom): void {
    if (live.unloadTimer) {
      clearTimeout(live.unloadTimer);
      live.unloadTimer = null;
    }
  }

  private maybeUnload(live: LiveRoom): void {
    if (this.closing || !live.idle || live.unloadTimer || this.rooms.get(live.name) !== live)
      return;
    live.unloadTimer = setTimeout(() => {
      live.unloadTimer = null;
      // Re-check: someone may have joined, or a write may be in flight (unload only when durable).
      if (live.idle && live.loaded) this.unloadNow(live);
    }, this.o.unloadGraceMs);
  }

  private unloadNow(live: LiveRoom): void {
    if (this.rooms.get(live.name) !== live) return;
    if (live.loaded) {
      const h = this.handle(live);
      for (const ext of this.o.extensions) {
        try {
          ext.onRoomUnloading?.(h);
        } catch (e) {
          this.o.logger.error(
            { err: e, extension: ext.name, room: live.name },
            'onRoomUnloading hook failed',
          );
        }
      }
    }
    const compact = live.log.length > 1 && !this.closing;
    this.drop(live);
    if (compact) this.o.requestCompaction(live.name);
  }

  private drop(live: LiveRoom): void {
    if (this.rooms.get(live.name) === live) {
      this.rooms.delete(live.name);
      this.earlyMessages.delete(live.name);
      this.o.fanout?.unsubscribe(live.name).catch((e: unknown) => {
        this.o.logger.warn({ err: e, room: live.name }, 'fan-out unsubscribe failed');
      });
    }
    live.destroy();
    this.o.metrics.roomsLoaded.set(this.rooms.size);
  }
}

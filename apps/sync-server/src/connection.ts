import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { Access, TokenClaims } from './auth';
import { ownAwarenessEntries } from './awareness-guard';
import { CloseCode, RejectReason, SyncServerError, closeReason } from './errors';
import type { UpdateOrigin } from './extensions';
import type { LiveRoom, RoomClient } from './live-room';
import type { SyncMetrics } from './metrics';
import {
  encodeAwareness,
  encodePermissionDenied,
  parseClientMessage,
  type ClientMessage,
} from './protocol';
import { TokenBucket } from './rate-limit';
import type { RoomManager } from './room-manager';
import type { Corkable, WriteCoalescer } from './write-coalescer';

/** What a connection needs from the server. */
export interface ConnectionContext {
  rooms: RoomManager;
  metrics: SyncMetrics;
  logger: Logger;
  maxFrameBytes: number;
  messageRate: number;
  messageBurst: number;
  /** Sends frames queued for one socket in one tick as one write. */
  writes: WriteCoalescer;
}

let nextId = 1;

/**
 * One authenticated socket in one room. Frames are size-checked, rate-limited and fully
 * validated before anything acts on them; frames that arrive while the room loads wait, so the
 * first sync reply always reflects stored state.
 */
export class Connection implements RoomClient {
  /** Close because the room is being reset (see RoomManager). */
  evict(reason: string): void {
    this.close(new SyncServerError(CloseCode.InternalError, reason));
  }

  readonly id = nextId++;
  readonly awarenessIds = new Set<number>();
  private readonly bucket: TokenBucket;
  private readonly origin: UpdateOrigin;
  private waiting: Uint8Array[] | null = [];
  private live: LiveRoom | null = null;
  private closed = false;
  private toldReadOnly = false;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ws: WebSocket,
    /** The socket under `ws`, corked while a tick's frames gather (see WriteCoalescer). */
    private readonly stream: Corkable,
    private readonly ctx: ConnectionContext,
    readonly claims: TokenClaims,
    private readonly access: Access,
    private readonly onGone: () => void,
  ) {
    this.bucket = new TokenBucket(ctx.messageRate, ctx.messageBurst);
    this.origin = { kind: 'client', connectionId: this.id, sub: claims.sub, role: claims.role };
    ctx.metrics.connections.inc();
    ws.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    ws.on('close', () => this.cleanup());
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes oversized frames above its hard cap itself (1009); count them.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        ctx.metrics.rejectedFrames.inc({ reason: RejectReason.tooLarge });
      }
      ctx.logger.debug({ err, conn: this.id }, 'socket error');
    });
    // The server closes the connection when the token expires; the client reconnects with a
    // fresh one. Timers longer than setTimeout's range are skipped (a 24-day token).
    const ms = claims.exp * 1000 - Date.now();
    if (ms < 2 ** 31 - 1) {
      this.expiryTimer = setTimeout(
        () =>
          this.close(
            new SyncServerError(CloseCode.Unauthenticated, 'Token expired: fetch a new one.'),
          ),
        Math.max(0, ms),
      );
    }
  }

  /** The underlying socket. */
  get socket(): WebSocket {
    return this.ws;
  }

  /** Start serving `live` once it is loaded. */
  async attach(live: LiveRoom): Promise<void> {
    this.live = live;
    this.ctx.rooms.join(live, this);
    try {
      await live.ready;
      await live.durable();
    } catch (e) {
      this.close(
        e instanceof SyncServerError
          ? e
          : new SyncServerError(CloseCode.InternalError, 'Room load failed.'),
      );
      return;
    }
    if (this.closed) return;
    const step1 = live.syncStep1();
    live.afterDurable(() => this.send(step1));
    const states = live.awareness.getStates();
    if (states.size > 0) {
      this.send(
        encodeAwareness(
          awarenessProtocol.encodeAwarenessUpdate(live.awareness, [...states.keys()]),
        ),
      );
    }
    if (this.access === 'read') this.tellReadOnly();
    const waiting = this.waiting ?? [];
    this.waiting = null;
    for (const frame of waiting) {
      if (this.closed) return;
      this.handle(frame);
    }
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ctx.metrics.bytesOut.inc(frame.length);
    this.ctx.writes.hold(this.stream);
    this.ws.send(frame, { binary: true });
  }

  /** Close with a close code and reason; counts the refusal. */
  close(error: SyncServerError): void {
    if (this.closed) return;
    if (error.reject) this.ctx.metrics.rejectedFrames.inc({ reason: error.reject });
    if (error.code !== CloseCode.GoingAway)
      this.ctx.metrics.refusedConnections.inc({ code: String(error.code) });
    this.ctx.logger.info(
      { conn: this.id, sub: this.claims.sub, code: error.code, reason: error.message },
      'closing connection',
    );
    this.ws.close(error.code, closeReason(error.message));
    this.cleanup();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.ctx.metrics.bytesIn.inc(data.length);
    if (!isBinary) {
      this.close(
        new SyncServerError(
          CloseCode.BadMessage,
          'Expected a binary frame.',
          RejectReason.notBinary,
        ),
      );
      return;
    }
    if (data.length > this.ctx.maxFrameBytes) {
      this.close(
        new SyncServerError(
          CloseCode.FrameTooLarge,
          `Frame of ${data.length} bytes is over the ${this.ctx.maxFrameBytes}-byte limit.`,
          RejectReason.tooLarge,
        ),
      );
      return;
    }
    if (!this.bucket.take()) {
      this.close(
        new SyncServerError(
          CloseCode.RateLimited,
          'Too many messages; slow down.',
          RejectReason.rateLimited,
        ),
      );
      return;
    }
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (this.waiting) this.waiting.push(frame);
    else this.handle(frame);
  }

  private handle(frame: Uint8Array): void {
    const live = this.live;
    if (!live) return;
    let message: ClientMessage;
    try {
      message = parseClientMessage(frame);
    } catch (e) {
      this.close(
        e instanceof SyncServerError
          ? e
          : new SyncServerError(CloseCode.BadMessage, 'Malformed frame.'),
      );
      return;
    }
    switch (message.type) {
      case 'syncStep1': {
        // Build the reply now, send it once everything in it is durable.
        const reply = live.syncStep2(message.stateVector);
        live.afterDurable(() => {
          for (const frame of reply) this.send(frame);
        });
        return;
      }
      case 'update':
        if (message.empty) return;
        if (this.access === 'read') {
          this.ctx.metrics.rejectedFrames.inc({ reason: RejectReason.readOnly });
          this.tellReadOnly();
          return;
        }
        this.ctx.rooms.submit(live, this, this.origin, message.update, (error) => {
          if (error) this.close(error);
        });
        return;
      case 'awareness': {
        let own: Uint8Array | null;
        try {
          own = ownAwarenessEntries(message.update, (id) => {
            for (const c of live.clients) if (c !== this && c.awarenessIds.has(id)) return true;
            return false;
          });
        } catch {
          this.close(new SyncServerError(CloseCode.BadMessage, 'Malformed awareness update.'));
          return;
        }
        if (own) awarenessProtocol.applyAwarenessUpdate(live.awareness, own, this);
        return;
      }
      case 'queryAwareness': {
        const ids = [...live.awareness.getStates().keys()];
        this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(live.awareness, ids)));
        return;
      }
    }
  }

  private tellReadOnly(): void {
    if (this.toldReadOnly) return;
    this.toldReadOnly = true;
    this.send(
      encodePermissionDenied('read-only: this connection may read the room but not change it.'),
    );
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = null;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.ctx.metrics.connections.dec();
    if (this.live) this.ctx.rooms.leave(this.live, this);
    this.onGone();
  }
}

import { roomName } from '@muster/core';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAdminHandler } from './admin';
import {
  authorize,
  secretKey,
  verifyKey,
  verifyToken,
  type Access,
  type TokenClaims,
} from './auth';
import { Compactor } from './compactor';
import type { SyncServerConfig } from './config';
import { Connection } from './connection';
import { CloseCode, SyncServerError, closeReason } from './errors';
import type { HeldRoom, RoomHandle, SyncExtension } from './extensions';
import { GroupCommitter } from './group-commit';
import { createMetrics, type SyncMetrics } from './metrics';
import { ConnectionCounter } from './rate-limit';
import { RoomManager } from './room-manager';
import { databaseFile, resolveSecret } from './secret';
import { openSqliteStorage } from './storage/sqlite-storage';
import type { RoomStorage } from './storage/storage';
import type { Fanout } from './fanout/fanout';
import { WriteCoalescer } from './write-coalescer';

/** Extra wiring for {@link createSyncServer}; everything has a default. */
export interface SyncServerOptions {
  /** Hooks over the pipeline (projector, custom metrics…). */
  extensions?: SyncExtension[];
  /** Defaults to pino JSON logs on stdout at `config.logLevel`. */
  logger?: Logger;
  /** Defaults to SQLite at `<dataDir>/muster.db`. */
  storage?: RoomStorage;
  /**
   * Cross-process fan-out (several relay processes over one shared PostgreSQL storage): durable
   * updates and awareness of every loaded room are published to, and received from, the other
   * processes. Requires a storage shared by all of them.
   */
  fanout?: Fanout;
}

/** A running (or ready to run) relay. */
export interface SyncServer {
  /** Start listening; resolves with the bound port. */
  listen(): Promise<{ port: number }>;
  /** Graceful shutdown: stop accepting, flush, close clients with 1001, close storage. */
  close(): Promise<void>;
  /** Open a room server-side and keep it loaded until `release()`. */
  openRoom(name: string): Promise<HeldRoom>;
  /** Handles of the rooms in memory now. */
  loadedRooms(): RoomHandle[];
  /** Prometheus metrics of this server. */
  readonly metrics: SyncMetrics;
  /** Longest synchronous compaction slice so far, in milliseconds. */
  compactionLongestBlockMs(): number;
}

/** How long shutdown waits for clients to acknowledge the close frame. */
const CLOSE_WAIT_MS = 2000;

/**
 * Create the relay. Nothing happens until `listen()`.
 *
 * @example
 * const server = createSyncServer(readConfig(process.env));
 * const { port } = await server.listen();
 * process.on('SIGTERM', () => void server.close());
 */
export function createSyncServer(
  config: SyncServerConfig,
  options: SyncServerOptions = {},
): SyncServer {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const key = secretKey(resolveSecret(config.secret, config.dataDir));
  const verifying = verifyKey(key);
  const storage =
    options.storage ??
    openSqliteStorage(databaseFile(config.dataDir), {
      synchronous: config.sqliteSynchronous,
      writerThread: config.sqliteWriter === 'thread',
      flushDelayMs: config.sqliteFlushMs,
    });
  const metrics = createMetrics(storage.durabilityStats?.bind(storage));
  const committer = new GroupCommitter(storage, config.commitWindowMs, metrics);
  // The compactor and the room manager refer to each other; the arrow defers the lookup.
  let compactor: Compactor | null = null;
  const rooms = new RoomManager({
    storage,
    committer,
    metrics,
    logger,
    extensions: options.extensions ?? [],
    maxRoomsLoaded: config.maxRoomsLoaded,
    maxRoomBytes: config.maxRoomBytes,
    maxFrameBytes: config.maxFrameBytes,
    unloadGraceMs: config.unloadGraceMs,
    compactAfterUpdates: config.compactAfterUpdates,
    requestCompaction: (name) => compactor?.request(name),
    fanout: options.fanout ?? null,
  });
  compactor = new Compactor(storage, rooms, metrics, logger);
  const perToken = new ConnectionCounter(config.maxConnectionsPerToken);
  const perIp = new ConnectionCounter(config.maxConnectionsPerIp);
  const connections = new Set<Connection>();
  const ctx = {
    rooms,
    metrics,
    logger,
    maxFrameBytes: config.maxFrameBytes,
    messageRate: config.messageRate,
    messageBurst: config.messageBurst,
    writes: new WriteCoalescer(),
  };
  let closing = false;
  let closed: Promise<void> | null = null;

  // Frames between maxFrameBytes and this hard cap get our 4413; above it ws closes with 1009
  // before buffering more.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes * 2,
    perMessageDeflate: false,
  });

  // The web app closes a removed member's connections through /admin/ (see admin.ts).
  const admin = createAdminHandler({ key, connections: () => connections, logger });
  const http: Server = createServer((req, res) => {
    if (admin(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ok: !closing, connections: connections.size, rooms: rooms.rooms.size }),
      );
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          logger.error({ err }, 'metrics failed');
          res.writeHead(500).end();
        },
      );
      return;
    }
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('Not found. Connect with WebSocket to /<room>?token=<jwt>.');
  });

  function refuse(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    error: SyncServerError,
  ): void {
    metrics.refusedConnections.inc({ code: String(error.code) });
    logger.info(
      { code: error.code, reason: error.message, url: redact(req.url) },
      'connection refused',
    );
    // Complete the handshake so the client sees the close code and reason (an HTTP error
    // status would reach the browser as a bare 1006).
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(error.code, closeReason(error.message)));
  }

  async function admit(
    req: IncomingMessage,
  ): Promise<{ claims: TokenClaims; access: Access; name: string }> {
    const url = new URL(req.url ?? '/', 'http://relay');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(1));
    } catch {
      throw new SyncServerError(CloseCode.InvalidRoomName, 'Room name is not valid URL encoding.');
    }
    const parsed = roomName.validate(name);
    if (!parsed.ok) throw new SyncServerError(CloseCode.InvalidRoomName, parsed.error.message);
    const claims = await verifyToken(await verifying, url.searchParams.get('token'));
    const access = authorize(claims, name, parsed.value);
    return { claims, access, name };
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing) {
      socket.destroy();
      return;
    }
    void admit(req).then(
      ({ claims, access, name }) => {
        if (closing) return socket.destroy();
        const ip = req.socket.remoteAddress ?? 'unknown';
        const tokenKey = `${claims.ws}/${claims.sub}/${claims.exp}`;
        if (!perIp.tryAdd(ip)) {
          return refuse(
            req,
            socket,
            head,
            new SyncServerError(CloseCode.RateLimited, 'Too many connections from this address.'),
          );
        }
        if (!perToken.tryAdd(tokenKey)) {
          perIp.remove(ip);
          return refuse(
            req,
            socket,
            head,
            new SyncServerError(CloseCode.RateLimited, 'Too many connections for this token.'),
          );
        }
        const acquiring = rooms.acquire(name, roomName.parse(name));
        // Avoid an unhandled rejection before attach awaits it.
        acquiring.catch(() => undefined);
        wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          const conn = new Connection(ws, socket, ctx, claims, access, () => {
            connections.delete(conn);
            perIp.remove(ip);
            perToken.remove(tokenKey);
          });
          connections.add(conn);
          acquiring.then(
            (live) => conn.attach(live),
            (e: unknown) =>
              conn.close(
                e instanceof SyncServerError
                  ? e
                  : new SyncServerError(CloseCode.InternalError, 'Room unavailable.'),
              ),
          );
        });
      },
      (e: unknown) => {
        const error =
          e instanceof SyncServerError
            ? e
            : new SyncServerError(CloseCode.InternalError, 'Internal error.');
        if (!(e instanceof SyncServerError)) logger.error({ err: e }, 'admission failed');
        refuse(req, socket, head, error);
      },
    );
  });

  async function shutdown(): Promise<void> {
    closing = true;
    logger.info('shutting down');
    const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
    // Close clients first so nothing new arrives, then flush what they sent before.
    const goodbyes = [...connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          const ws = c.socket;
          if (ws.readyState === ws.CLOSED) return resolve();
          const t = setTimeout(() => {
            ws.terminate();
            resolve();
          }, CLOSE_WAIT_MS);
          ws.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          c.close(new SyncServerError(CloseCode.GoingAway, 'Server shutting down.'));
        }),
    );
    await compactor?.stop();
    await rooms.close().catch((err: unknown) => logger.error({ err }, 'flush on shutdown failed'));
    await Promise.all(goodbyes);
    wss.close();
    http.closeAllConnections();
    await stopped;
    await storage.close();
    logger.info('shut down');
  }

  return {
    metrics,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const port = (http.address() as AddressInfo).port;
          logger.info(
            {
              port,
              host: config.host,
              dataDir: config.dataDir,
              storage: options.storage
                ? 'custom'
                : `sqlite (synchronous=${config.sqliteSynchronous})`,
            },
            'sync server listening',
          );
          resolve({ port });
        });
      }),
    close: () => (closed ??= shutdown()),
    openRoom: (name) => rooms.open(name),
    loadedRooms: () => rooms.handles(),
    compactionLongestBlockMs: () => compactor?.longestBlockMs ?? 0,
  };
}

function redact(url: string | undefined): string {
  return (url ?? '').replace(/token=[^&]*/, 'token=…');
}

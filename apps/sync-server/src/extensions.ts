import type { Role, Room } from '@muster/core';
import type * as Y from 'yjs';

/** Who caused a durable update. */
export type UpdateOrigin =
  | {
      kind: 'client';
      /** Server-local connection number (unique per process). */
      connectionId: number;
      /** The token's `sub`. */
      sub: string;
      role: Role;
    }
  | {
      kind: 'server';
      /** Free-form label given to {@link RoomHandle.change}, e.g. `projector`. */
      label: string;
    };

/**
 * Server-side access to one loaded room. The doc only ever holds durable state plus server
 * changes that are being committed; read it freely, change it through {@link RoomHandle.change}.
 */
export interface RoomHandle {
  /** The room name, e.g. `ws/{ws}/table/{id}`. */
  readonly name: string;
  /** The parsed room name. */
  readonly room: Room;
  /** The room's document. Do not mutate it inside its own observers; use `change`. */
  readonly doc: Y.Doc;
  /**
   * Change the document on the server. The resulting update is appended to the log, then
   * relayed to every client and passed to `onUpdate` hooks, exactly like a client update.
   * Called inside a transaction of this doc (e.g. from an observer), it runs right after that
   * transaction. Resolves once the change is durable.
   */
  change(fn: (doc: Y.Doc) => void, label?: string): Promise<void>;
}

/** A room handle from `SyncServer.openRoom`, which keeps the room loaded until released. */
export interface HeldRoom extends RoomHandle {
  /** Let the room unload again (once no client holds it either). Idempotent. */
  release(): void;
}

/**
 * A hook set over the relay's one pipeline (auth and persistence are built in; metrics,
 * projector and others are extensions). Hooks run in registration order; a throwing hook is
 * logged and does not stop the relay.
 */
export interface SyncExtension {
  /** Name used in logs. */
  readonly name: string;
  /**
   * The room's stored state is in memory; no client has been answered yet. Awaited, so an
   * extension can prepare state (or open other rooms) before the first sync reply.
   */
  onRoomLoaded?(room: RoomHandle): void | Promise<void>;
  /**
   * A client's update has just been applied to `room.doc`; nothing of it is stored or relayed
   * yet. Return a reason to refuse it: the client is closed with 4403 and that reason, nothing is
   * stored or relayed, and the room reloads from storage. Return null to accept. Use it for
   * rules Yjs cannot express, such as parts of a doc only the server may write.
   */
  checkClientTransaction?(
    room: RoomHandle,
    transaction: Y.Transaction,
    origin: UpdateOrigin,
  ): string | null;
  /** An update is durable and applied to `room.doc`; it has been (or is being) relayed. */
  onUpdate?(room: RoomHandle, update: Uint8Array, origin: UpdateOrigin): void;
  /** The room is about to leave memory; every write is durable. */
  onRoomUnloading?(room: RoomHandle): void;
}

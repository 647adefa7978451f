import { getContext, setContext } from 'svelte';
import { WorkspaceIndex } from '@muster/core';
import { openRoom, type OpenRoom, type RoomStatus } from './open-room';

/**
 * The workspace's index room (`ws/{ws}/index`: org tree, members, catalogue), open while any page
 * of the workspace is shown, with reactive state for the pages and the status line.
 */
export class WorkspaceRoom {
  /** The index over the room's doc; null until the local copy is loaded. */
  index = $state<WorkspaceIndex | null>(null);
  status = $state<RoomStatus | null>(null);
  /** True when the room could not be opened at all (IndexedDB unavailable). */
  failed = $state(false);
  /** Bumped on every change of the doc, local or remote; read it to re-derive from the index. */
  version = $state(0);

  #room: OpenRoom | null = null;
  #generation = 0;

  /**
   * Open workspace `ws`'s index room, closing any other first. `onSynced` runs each time the room
   * is in sync with the relay (e.g. to mirror SQL facts into it).
   */
  open(ws: string, onSynced?: (index: WorkspaceIndex) => void): void {
    this.close();
    const generation = ++this.#generation;
    openRoom(ws, `ws/${ws}/index`).then(
      (room) => {
        if (generation !== this.#generation) return room.destroy();
        this.#room = room;
        this.index = new WorkspaceIndex(room.doc);
        room.doc.on('update', () => (this.version += 1));
        const index = this.index;
        const update = (s: RoomStatus) => {
          this.status = s;
          if (s.state === 'synced') onSynced?.(index);
        };
        update(room.status());
        room.onStatus(update);
      },
      () => {
        if (generation === this.#generation) this.failed = true;
      },
    );
  }

  /** Disconnect and forget the room. */
  close(): void {
    this.#generation += 1;
    this.index?.destroy();
    this.#room?.destroy();
    this.#room = null;
    this.index = null;
    this.status = null;
    this.failed = false;
  }
}

const KEY = Symbol('workspace-room');

/** Make `room` available to the workspace's pages (called by the workspace layout). */
export function setWorkspaceRoom(room: WorkspaceRoom): WorkspaceRoom {
  return setContext(KEY, room);
}

/** The workspace's index room, from the workspace layout. */
export function getWorkspaceRoom(): WorkspaceRoom {
  return getContext<WorkspaceRoom>(KEY);
}

import { ROW_POSITION_KEY, Table } from '@muster/core';
import * as Y from 'yjs';
import { openRoom, type OpenRoom, type RoomStatus } from '$lib/sync/open-room';

/** Origin of edits made in this tab through the grid: the only ones undo and redo touch. */
export const LOCAL_EDIT = Symbol('grid-edit');
/** Origin of imports: chunked, many transactions, not part of the undo history. */
export const IMPORT_EDIT = Symbol('grid-import');

/**
 * One table room (`ws/{ws}/table/{id}`) open in this tab: the {@link Table} over its doc, kept in
 * IndexedDB and synced through the relay, an undo manager for this tab's own edits, and counters
 * the grid reads to know what to redraw: `structure` when rows come or go, move, or columns and
 * views change; `cells` on any change.
 */
export class TableRoom {
  table = $state.raw<Table | null>(null);
  status = $state<RoomStatus | null>(null);
  failed = $state(false);
  structure = $state(0);
  cells = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  /** Columns whose cells changed since the grid last looked (filter/sort/group may depend on them). */
  // Plain Set on purpose: it is bookkeeping between transactions, not something the UI shows.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  changedColumns = new Set<string>();

  #room: OpenRoom | null = null;
  #undo: Y.UndoManager | null = null;
  #generation = 0;

  open(ws: string, id: string): void {
    this.close();
    const generation = ++this.#generation;
    // Marks for the browser's performance timeline (the 100,000-row e2e reports them).
    performance.mark('muster:table-open');
    openRoom(ws, `ws/${ws}/table/${id}`).then(
      (room) => {
        if (generation !== this.#generation) return room.destroy();
        performance.mark('muster:table-local-loaded');
        this.#room = room;
        const table = new Table(room.doc);
        const undo = new Y.UndoManager([table.columnsMap, table.rowsMap, table.viewsMap], {
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- Yjs reads it, not Svelte
          trackedOrigins: new Set([LOCAL_EDIT]),
          captureTimeout: 0,
        });
        const stacks = () => {
          this.canUndo = undo.undoStack.length > 0;
          this.canRedo = undo.redoStack.length > 0;
        };
        undo.on('stack-item-added', stacks);
        undo.on('stack-item-popped', stacks);
        undo.on('stack-cleared', stacks);
        this.#undo = undo;
        room.doc.on('afterTransaction', (tr: Y.Transaction) => this.#changed(table, tr));
        this.table = table;
        this.status = room.status();
        room.onStatus((s) => (this.status = s));
      },
      () => {
        if (generation === this.#generation) this.failed = true;
      },
    );
  }

  #changed(table: Table, tr: Y.Transaction): void {
    if (tr.changed.size === 0) return;
    let structural = false;
    for (const [changed, keys] of tr.changed) {
      const type = changed as unknown;
      if (type === table.rowsMap || type === table.columnsMap || type === table.viewsMap) {
        structural = true;
      } else if (changed.parent === (table.rowsMap as unknown)) {
        if (keys.has(ROW_POSITION_KEY)) structural = true;
        for (const k of keys) if (k !== null) this.changedColumns.add(k);
      } else structural = true;
    }
    if (structural) this.structure += 1;
    this.cells += 1;
  }

  /** Run `edit` as one undoable step of this tab. */
  edit<T>(edit: (table: Table) => T): T | undefined {
    const table = this.table;
    if (!table) return undefined;
    let out: T | undefined;
    table.doc.transact(() => {
      out = edit(table);
    }, LOCAL_EDIT);
    return out;
  }

  /** Merge the tab's local copy into one stored update (after an import: reopening gets faster). */
  compactLocal(): Promise<void> {
    return this.#room?.compactLocal() ?? Promise.resolve();
  }

  undo(): void {
    this.#undo?.undo();
  }

  redo(): void {
    this.#undo?.redo();
  }

  close(): void {
    this.#generation += 1;
    this.#undo?.destroy();
    this.table?.destroy();
    this.#room?.destroy();
    this.#undo = null;
    this.#room = null;
    this.table = null;
    this.status = null;
    this.failed = false;
  }
}

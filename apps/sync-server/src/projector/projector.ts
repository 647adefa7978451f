import { newId, roomName, Table, WorkspaceIndex } from '@muster/core';
import {
  FormDefinition,
  projectSubmission,
  SubmissionDoc,
  syncTableColumns,
  type Receipt,
} from '@muster/forms';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { HeldRoom, RoomHandle, SyncExtension } from '../extensions';
import type { SyncServer } from '../server';
import type { RoomInfo } from '../storage/storage';
import type { DurableLedger } from './ledger';

/** What the projector needs from the running relay. */
export interface ProjectorHost {
  openRoom: SyncServer['openRoom'];
  listRooms(): Promise<RoomInfo[]>;
}

/** The projector: an extension over the relay plus its catch-up after a restart. */
export interface Projector {
  readonly extension: SyncExtension;
  /** Connect to the relay and project every submission room not yet fully projected. */
  start(host: ProjectorHost): Promise<void>;
  /** Resolves when no projection is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

export interface ProjectorOptions {
  ledger: DurableLedger;
  logger: Logger;
  lateGraceMs?: number;
  /** Server clock; injectable for tests. */
  now?: () => number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The projector observes submission rooms (`ws/{ws}/sub/{form}/{respondent}`), validates each
 * submitted period against the form, upserts row `{respondent}:{periodKey}` into the form's
 * linked table, and then writes the receipt back (see `projectSubmission` in @muster/forms).
 *
 * Order of durable writes for one room: table change → receipt → ledger. A crash before the
 * receipt leaves the ledger behind the room, so the room is projected again after the restart;
 * projection is idempotent (an equal row is not rewritten, its version not bumped), so every
 * submission ends with one row and one receipt. Rooms are projected one at a time per room;
 * changes that arrive during a run trigger one more run.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { ledger, logger } = options;
  const now = options.now ?? Date.now;
  let host: ProjectorHost | null = null;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const observers = new Map<string, () => void>();

  async function projectRoom(name: string): Promise<void> {
    if (!host) return;
    const parsed = roomName.parse(name);
    if (parsed.kind !== 'sub') return;
    const held: HeldRoom[] = [];
    const open = async (n: string) => {
      const h = await (host as ProjectorHost).openRoom(n);
      held.push(h);
      return h;
    };
    try {
      const sub = await open(name);
      const before = Y.encodeStateVector(sub.doc);
      const recorded = ledger.get(name);
      if (recorded && sameBytes(recorded, before)) return;
      const formRoom = await open(roomName.build({ kind: 'form', ws: parsed.ws, id: parsed.form }));
      const form = new FormDefinition(formRoom.doc);
      let snap = form.snapshot();
      if (snap.questions.length === 0) {
        // The form has not reached this relay yet; its first sync will not re-trigger us, but the
        // respondent's next edit (or the next restart's catch-up) will.
        logger.warn({ room: name }, 'projector: form has no questions yet; not projecting');
        return;
      }
      if (snap.tableId === null) {
        const tableId = newId();
        await formRoom.change((doc) => new FormDefinition(doc).setMeta({ tableId }), 'projector');
        snap = form.snapshot();
      }
      const tableRoom = await open(
        roomName.build({ kind: 'table', ws: parsed.ws, id: snap.tableId as string }),
      );
      const indexRoom = await open(roomName.build({ kind: 'index', ws: parsed.ws }));
      const index = new WorkspaceIndex(indexRoom.doc);
      // Project on a copy of the submission: the relay's doc is changed only through `change`.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(sub.doc));
      let written = new Map<string, Receipt>();
      try {
        await tableRoom.change((doc) => {
          const table = new Table(doc);
          try {
            written = projectSubmission({
              form: snap,
              submission: new SubmissionDoc(copy),
              table,
              respondent: parsed.respondent,
              index,
              now: now(),
              lateGraceMs: options.lateGraceMs ?? 0,
            }).written;
          } finally {
            table.destroy();
          }
        }, 'projector');
      } finally {
        index.destroy();
      }
      if (written.size > 0) {
        await sub.change((doc) => {
          const s = new SubmissionDoc(doc);
          for (const [period, receipt] of written) s.writeReceipt(period, receipt);
        }, 'projector');
        logger.info({ room: name, periods: [...written.keys()] }, 'projector: receipts written');
      }
      // The state that was projected (our own receipts make the next check run once, as a no-op).
      ledger.set(name, before);
    } finally {
      for (const h of held) h.release();
    }
  }

  // A question added, changed or removed in the builder shows in the linked table right away,
  // not only with the next submission: add its column, or hide the column of a removed one.
  async function syncColumns(name: string): Promise<void> {
    if (!host) return;
    const parsed = roomName.parse(name);
    if (parsed.kind !== 'form') return;
    const held: HeldRoom[] = [];
    try {
      const formRoom = await host.openRoom(name);
      held.push(formRoom);
      const snap = new FormDefinition(formRoom.doc).snapshot();
      if (snap.tableId === null) return;
      const tableRoom = await host.openRoom(
        roomName.build({ kind: 'table', ws: parsed.ws, id: snap.tableId }),
      );
      held.push(tableRoom);
      await tableRoom.change((doc) => {
        const table = new Table(doc);
        try {
          syncTableColumns(table, snap.questions);
        } finally {
          table.destroy();
        }
      }, 'projector');
    } finally {
      for (const h of held) h.release();
    }
  }

  function schedule(name: string): void {
    if (running.has(name)) {
      again.add(name);
      return;
    }
    const work = roomName.parse(name).kind === 'form' ? syncColumns(name) : projectRoom(name);
    const run = work
      .catch((err: unknown) => logger.error({ err, room: name }, 'projector: projection failed'))
      .finally(() => {
        running.delete(name);
        if (again.delete(name)) schedule(name);
      });
    running.set(name, run);
  }

  const extension: SyncExtension = {
    name: 'projector',
    onRoomLoaded(room: RoomHandle) {
      if (room.room.kind === 'form') {
        const questions = room.doc.getMap('questions');
        const onQuestions = () => schedule(room.name);
        questions.observe(onQuestions);
        observers.set(room.name, () => questions.unobserve(onQuestions));
        return;
      }
      if (room.room.kind !== 'sub') return;
      const answers = room.doc.getMap('answers');
      const onChange = () => schedule(room.name);
      answers.observe(onChange);
      observers.set(room.name, () => answers.unobserve(onChange));
      // Outside the load: projecting opens this room, which must finish loading first.
      setImmediate(onChange);
    },
    checkClientTransaction(room: RoomHandle, transaction: Y.Transaction) {
      // Receipts are the server's acknowledgement; a client writing one could show "received"
      // for an answer the server never took, or stop its own submission being projected.
      if (room.room.kind !== 'sub') return null;
      const receipts: unknown = new SubmissionDoc(room.doc).receiptsMap;
      const touched = (t: unknown) => t === receipts;
      if (
        [...transaction.changed.keys()].some(touched) ||
        [...transaction.changedParentTypes.keys()].some(touched)
      ) {
        return 'Receipts are written by the server only.';
      }
      return null;
    },
    onRoomUnloading(room: RoomHandle) {
      observers.get(room.name)?.();
      observers.delete(room.name);
    },
  };

  return {
    extension,
    async start(h) {
      host = h;
      const stored = await h.listRooms();
      let checked = 0;
      for (const info of stored) {
        if (!roomName.validate(info.room).ok || roomName.parse(info.room).kind !== 'sub') continue;
        schedule(info.room);
        await running.get(info.room);
        checked++;
      }
      logger.info({ rooms: checked }, 'projector: catch-up finished');
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}

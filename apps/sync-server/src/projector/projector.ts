import { newId, roomName, Table, WorkspaceIndex } from '@muster/core';
import {
  FormDefinition,
  projectSubmission,
  SubmissionDoc,
  syncTableColumns,
  type Receipt,
} from '@muster/forms/project';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { HeldRoom, RoomHandle, SyncExtension, UpdateOrigin } from '../extensions';
import type { SyncServer } from '../server';
import type { RoomInfo } from '../storage/storage';
import {
  covers,
  formOf,
  LeaseLostError,
  type PendingRoom,
  type ProjectionCoordinator,
} from './coordination';

/** What the projector needs from the running relay. */
export interface ProjectorHost {
  openRoom: SyncServer['openRoom'];
  listRooms(): Promise<RoomInfo[]>;
  /** A room's durable state (snapshot and log merged) and its highest sequence number. */
  loadStored(room: string): Promise<{ state: Uint8Array; lastSeq: number }>;
}

/** The projector: an extension over the relay plus its catch-up after a restart. */
export interface Projector {
  readonly extension: SyncExtension;
  /** Connect to the relay and project every submission room not yet fully projected. */
  start(host: ProjectorHost): Promise<void>;
  /** Resolves when no projection is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Stop sweeping, wait for running work, release leases. */
  stop(): Promise<void>;
}

export interface ProjectorOptions {
  coordinator: ProjectionCoordinator;
  logger: Logger;
  lateGraceMs?: number;
  /** With a shared coordinator: how often to look for forms with pending rooms. */
  sweepMs?: number;
  /** With a shared coordinator: how long a quiet form's lease is kept before it is released. */
  leaseMs?: number;
  /** Server clock; injectable for tests. */
  now?: () => number;
}

const LABEL = 'projector';

/**
 * The projector observes submission rooms (`ws/{ws}/sub/{form}/{respondent}`), validates each
 * submitted period against the form, upserts row `{respondent}:{periodKey}` into the form's
 * linked table, and then writes the receipt back (see `projectSubmission` in @muster/forms).
 *
 * Exactly once, with one process or several:
 * - a committed change marks its room pending (the coordinator; PostgreSQL with several processes);
 * - one process at a time projects a form (its lease), from the room's **stored** state, so what
 *   is projected is durable whichever process's copy is behind;
 * - order of durable writes: table change → receipt → ledger (+ clear the mark). A crash before the
 *   ledger leaves the room pending; the next holder projects it again, and projection is
 *   idempotent (an equal row is not rewritten, an equal receipt not written again), so every
 *   submission ends with one row and one receipt, and the ledger counts one projection.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { coordinator, logger } = options;
  const now = options.now ?? Date.now;
  let host: ProjectorHost | null = null;
  let stopped = false;
  let sweepTimer: NodeJS.Timeout | null = null;
  // Forms being processed here, and forms to process once more when that run ends.
  const busy = new Map<string, Promise<void>>();
  const again = new Set<string>();
  /** When each busy form's run started, and when a stuck run was last reported. */
  const busySince = new Map<string, number>();
  const stuckReported = new Map<string, number>();
  // Column syncs of form rooms (idempotent, local to the process that sees the builder's change).
  const columnRuns = new Map<string, Promise<void>>();
  const columnAgain = new Set<string>();
  const observers = new Map<string, () => void>();
  const lingering = new Map<string, NodeJS.Timeout>();

  async function projectRoom(form: string, pending: PendingRoom): Promise<void> {
    const h = host as ProjectorHost;
    const parsed = roomName.parse(pending.room);
    if (parsed.kind !== 'sub') return;
    const stored = await h.loadStored(pending.room);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, stored.state);
    const sv = Y.encodeStateVector(copy);
    const entry = await coordinator.entry(pending.room);
    if (entry && covers(entry.sv, sv)) {
      await coordinator.record(form, pending, {
        sv: entry.sv,
        upto: Math.max(entry.upto, stored.lastSeq),
        wrote: false,
      });
      return;
    }
    const held: HeldRoom[] = [];
    const open = async (n: string) => {
      const room = await h.openRoom(n);
      held.push(room);
      return room;
    };
    try {
      const formRoom = await open(form);
      const definition = new FormDefinition(formRoom.doc);
      let snap = definition.snapshot();
      if (snap.questions.length === 0) {
        // The form has not reached this relay yet: the room stays pending for a later run.
        logger.warn({ room: pending.room }, 'projector: form has no questions yet; not projecting');
        return;
      }
      if (snap.tableId === null) {
        const tableId = newId();
        await formRoom.change((doc) => new FormDefinition(doc).setMeta({ tableId }), LABEL);
        snap = definition.snapshot();
      }
      const tableRoom = await open(
        roomName.build({ kind: 'table', ws: parsed.ws, id: snap.tableId as string }),
      );
      const indexRoom = await open(roomName.build({ kind: 'index', ws: parsed.ws }));
      const index = new WorkspaceIndex(indexRoom.doc);
      let written = new Map<string, Receipt>();
      let rowChanged = false;
      try {
        await tableRoom.change((doc) => {
          const table = new Table(doc);
          const before = Y.encodeStateVector(doc);
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
          rowChanged = !covers(before, Y.encodeStateVector(doc));
        }, LABEL);
      } finally {
        index.destroy();
      }
      if (written.size > 0) {
        const sub = await open(pending.room);
        await sub.change((doc) => {
          const s = new SubmissionDoc(doc);
          for (const [period, receipt] of written) s.writeReceipt(period, receipt);
        }, LABEL);
        logger.info(
          { room: pending.room, periods: [...written.keys()], holder: coordinator.holder },
          'projector: receipts written',
        );
      }
      await coordinator.record(form, pending, {
        sv,
        upto: stored.lastSeq,
        wrote: written.size > 0 || rowChanged,
      });
    } finally {
      for (const room of held) room.release();
    }
  }

  /**
   * Bring this process's copy of a room up to what storage holds before writing into it under a
   * fresh lease: the previous holder (maybe on another process, maybe dead) wrote there last.
   */
  async function refresh(name: string): Promise<void> {
    const h = host as ProjectorHost;
    const room = await h.openRoom(name);
    try {
      const stored = await h.loadStored(name);
      if (covers(Y.encodeStateVector(room.doc), Y.encodeStateVectorFromUpdate(stored.state)))
        return;
      await room.change((doc) => Y.applyUpdate(doc, stored.state), LABEL);
    } finally {
      room.release();
    }
  }

  async function processForm(form: string): Promise<void> {
    const linger = lingering.get(form);
    if (linger) {
      clearTimeout(linger);
      lingering.delete(form);
    }
    if (!(await coordinator.acquire(form))) return;
    let lost = false;
    try {
      const formRoom = await (host as ProjectorHost).openRoom(form);
      try {
        const tableId = new FormDefinition(formRoom.doc).snapshot().tableId;
        const parsed = roomName.parse(form);
        if (coordinator.shared && tableId !== null && parsed.kind === 'form')
          await refresh(roomName.build({ kind: 'table', ws: parsed.ws, id: tableId }));
      } finally {
        formRoom.release();
      }
      // Each mark once per run: a room left pending (its form not here yet) waits for the next.
      const tried = new Map<string, number>();
      for (;;) {
        const todo = (await coordinator.pendingRooms(form)).filter(
          (p) => tried.get(p.room) !== p.gen,
        );
        if (todo.length === 0 || stopped) break;
        for (const p of todo) {
          tried.set(p.room, p.gen);
          try {
            await projectRoom(form, p);
          } catch (err) {
            if (err instanceof LeaseLostError) {
              lost = true;
              throw err;
            }
            logger.error({ err, room: p.room }, 'projector: projection failed');
          }
        }
      }
    } finally {
      if (lost || stopped || !coordinator.shared) await coordinator.release(form);
      else keepLease(form);
    }
  }

  // A busy form keeps its holder (its table stays loaded here, marks from other processes are
  // found by the sweep); the lease goes back once the form has been quiet for a lease period.
  function keepLease(form: string): void {
    const timer = setTimeout(() => {
      lingering.delete(form);
      if (busy.has(form)) return;
      coordinator
        .release(form)
        .catch((err: unknown) => logger.warn({ err, form }, 'projector: lease release failed'));
    }, options.leaseMs ?? 10_000);
    timer.unref();
    lingering.set(form, timer);
  }

  function scheduleForm(form: string): void {
    if (!host || stopped) return;
    if (busy.has(form)) {
      again.add(form);
      reportIfStuck(form);
      return;
    }
    const run = processForm(form)
      .catch((err: unknown) => logger.error({ err, form }, 'projector: form run failed'))
      .finally(() => {
        busy.delete(form);
        busySince.delete(form);
        stuckReported.delete(form);
        if (again.delete(form)) scheduleForm(form);
      });
    busy.set(form, run);
    busySince.set(form, Date.now());
  }

  // A run that never ends keeps its form from being projected at all (later runs only queue up
  // behind it); say so, once a minute, so an operator sees which form and since when.
  function reportIfStuck(form: string): void {
    const since = busySince.get(form);
    const now = Date.now();
    const limit = 3 * (options.leaseMs ?? 10_000);
    if (since === undefined || now - since < limit) return;
    if (now - (stuckReported.get(form) ?? 0) < 60_000) return;
    stuckReported.set(form, now);
    logger.warn({ form, busyMs: now - since }, 'projector: a projection run has not finished');
  }

  function markAndSchedule(room: string): void {
    const form = formOf(room);
    coordinator.markPending(room, form).then(
      () => scheduleForm(form),
      (err: unknown) => logger.error({ err, room }, 'projector: could not mark a room pending'),
    );
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
      }, LABEL);
    } finally {
      for (const h of held) h.release();
    }
  }

  function scheduleColumns(name: string): void {
    if (columnRuns.has(name)) {
      columnAgain.add(name);
      return;
    }
    const run = syncColumns(name)
      .catch((err: unknown) => logger.error({ err, room: name }, 'projector: column sync failed'))
      .finally(() => {
        columnRuns.delete(name);
        if (columnAgain.delete(name)) scheduleColumns(name);
      });
    columnRuns.set(name, run);
  }

  const isOwnWrite = (origin: UpdateOrigin) => origin.kind === 'server' && origin.label === LABEL;

  const extension: SyncExtension = {
    name: 'projector',
    onRoomLoaded(room: RoomHandle) {
      if (room.room.kind === 'form') {
        const questions = room.doc.getMap('questions');
        const onQuestions = () => scheduleColumns(room.name);
        questions.observe(onQuestions);
        observers.set(room.name, () => questions.unobserve(onQuestions));
        return;
      }
      // A room loaded here may hold changes whose committing process died before marking them.
      if (room.room.kind === 'sub') setImmediate(() => markAndSchedule(room.name));
    },
    onUpdate(room: RoomHandle, _update: Uint8Array, origin: UpdateOrigin) {
      // After the commit: what gets marked is durable, so whoever projects it can read it.
      if (room.room.kind === 'sub' && !isOwnWrite(origin)) markAndSchedule(room.name);
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

  async function sweep(): Promise<void> {
    try {
      for (const form of await coordinator.pendingForms()) scheduleForm(form);
    } catch (err) {
      logger.warn({ err }, 'projector: sweep failed');
    }
  }

  return {
    extension,
    async start(h) {
      host = h;
      const stale = await coordinator.markStale(async () =>
        (await h.listRooms())
          .map((r) => r.room)
          .filter((r) => roomName.validate(r).ok && roomName.parse(r).kind === 'sub'),
      );
      const forms = await coordinator.pendingForms();
      for (const form of forms) scheduleForm(form);
      await Promise.all(forms.map((f) => busy.get(f)));
      logger.info({ rooms: stale, holder: coordinator.holder }, 'projector: catch-up finished');
      if (coordinator.shared) {
        const every = options.sweepMs ?? 1000;
        const tick = () => {
          sweepTimer = setTimeout(() => {
            void sweep().finally(() => {
              if (!stopped) tick();
            });
          }, every);
          sweepTimer.unref();
        };
        tick();
      }
    },
    async idle() {
      while (busy.size > 0 || columnRuns.size > 0)
        await Promise.all([...busy.values(), ...columnRuns.values()]);
    },
    async stop() {
      stopped = true;
      if (sweepTimer) clearTimeout(sweepTimer);
      for (const timer of lingering.values()) clearTimeout(timer);
      lingering.clear();
      await this.idle();
      await coordinator.close();
    },
  };
}

import * as Y from 'yjs';
import { createStats, Table, type Stats, type StatsSnapshot, type StatsSpec } from '@muster/core';
import { FormDefinition, syncTableColumns, type FormSnapshot } from '@muster/forms';
import { openRoom, type OpenRoom, type RoomStatus } from '$lib/sync/open-room';
import { readDashboardConfig, type DashboardConfig } from './config';
import { buildDashboardSpec, columnIds, type DashboardSpecInput } from './spec';
import type { WorkspaceIndex } from '@muster/core';

/**
 * A form and its linked table, open in this tab, with the live statistics of one period.
 * The statistics engine is rebuilt only when what the spec depends on changes (period, questions,
 * audience, flag rules, the table's columns); otherwise it updates incrementally and `snapshot`
 * keeps the identity of every aggregate that did not change, so only changed charts redraw.
 */
export class LiveForm {
  form = $state.raw<FormSnapshot | null>(null);
  config = $state.raw<DashboardConfig>({ flags: [], purpose: { kind: 'collection' } });
  snapshot = $state.raw<StatsSnapshot | null>(null);
  /** Ids of the aggregates changed by the latest update (for a brief highlight). */
  changed = $state.raw<readonly string[]>([]);
  /** Bumped on every change of the table doc. */
  tableVersion = $state(0);
  status = $state<RoomStatus | null>(null);
  problem = $state<string | null>(null);
  period = $state('');
  /** False while counting against the empty stand-in table (no submission yet). */
  linked = $state(false);

  formDoc: FormDefinition | null = null;
  table: Table | null = null;
  #formRoom: OpenRoom | null = null;
  #tableRoom: OpenRoom | null = null;
  #stats: Stats | null = null;
  #stopStats: (() => void) | null = null;
  #specKey = '';
  #closed = false;
  #fade: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ws: string,
    private readonly formId: string,
    private readonly index: () => WorkspaceIndex | null,
    /** Owners and editors bring the table's columns in line with the form before reading. */
    private readonly canWrite: boolean,
    /** The statistics one view needs (the dashboard's by default). */
    private readonly specFor: (input: DashboardSpecInput) => StatsSpec = buildDashboardSpec,
  ) {}

  /** Re-derive after something outside the rooms changed (the workspace index arrived). */
  refresh(): void {
    this.#rebuild();
  }

  /** Open the form room, then the linked table once the form names one. */
  async open(): Promise<void> {
    const room = await openRoom(this.ws, `ws/${this.ws}/form/${this.formId}`);
    if (this.#closed) return room.destroy();
    this.#formRoom = room;
    this.formDoc = new FormDefinition(room.doc);
    this.status = room.status();
    room.onStatus((s) => (this.status = s));
    const onForm = () => {
      const snap = (this.formDoc as FormDefinition).snapshot();
      // An empty doc (nothing loaded yet) reads as a one-off form without questions: wait.
      if (snap.questions.length === 0 && snap.title === '') return;
      this.form = snap;
      this.config = readDashboardConfig(room.doc);
      void this.#ensureTable();
      this.#rebuild();
    };
    room.doc.on('update', onForm);
    onForm();
  }

  /** Show another period. */
  setPeriod(period: string): void {
    this.period = period;
    this.#rebuild();
  }

  async #ensureTable(): Promise<void> {
    const id = this.form?.tableId;
    if (!id) {
      // Before the first submission the projector has not linked a table yet: count against an
      // empty local one, so the missing list (everyone) shows from the start.
      if (!this.table) this.table = new Table(new Y.Doc());
      return;
    }
    if (this.#tableRoom || this.#closed) return;
    this.#tableRoom = {} as OpenRoom; // claimed: a second call while opening must not open twice
    const room = await openRoom(this.ws, `ws/${this.ws}/table/${id}`);
    if (this.#closed) return room.destroy();
    this.#tableRoom = room;
    this.table?.doc.destroy();
    this.table = new Table(room.doc);
    this.linked = true;
    this.#specKey = '';
    room.doc.on('update', () => {
      this.tableVersion += 1;
      this.#rebuild();
    });
    this.#rebuild();
  }

  #rebuild(): void {
    const form = this.form;
    const table = this.table;
    const index = this.index();
    if (!form || !table || !index || !this.period) return;
    if (
      (this.canWrite || !this.linked) &&
      form.questions.length > 0 &&
      form.questions.some((q) => !table.column(q.id))
    ) {
      // Before the first submission the table has no columns; aggregates need them to exist.
      syncTableColumns(table, form.questions);
    }
    const columns = columnIds(table);
    const spec = this.specFor({
      form,
      period: this.period,
      flags: this.config.flags,
      columns,
    });
    const key = JSON.stringify(spec);
    if (key === this.#specKey && this.#stats) return;
    this.#specKey = key;
    this.#stopStats?.();
    this.#stats?.destroy();
    try {
      const stats = createStats({ table, index, spec });
      this.#stats = stats;
      this.snapshot = stats.current();
      this.problem = null;
      this.#stopStats = stats.subscribe((changed) => {
        this.changed = changed;
        this.snapshot = stats.current();
        // The highlight of changed charts fades after a moment.
        clearTimeout(this.#fade);
        this.#fade = setTimeout(() => (this.changed = []), 1500);
      });
    } catch (e) {
      this.#stats = null;
      this.snapshot = null;
      this.problem = e instanceof Error ? e.message : String(e);
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#fade);
    this.#stopStats?.();
    this.#stats?.destroy();
    this.table?.destroy();
    if (this.#tableRoom && 'destroy' in this.#tableRoom) this.#tableRoom.destroy();
    this.#formRoom?.destroy();
  }
}

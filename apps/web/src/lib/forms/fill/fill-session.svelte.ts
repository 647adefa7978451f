import type { Period } from '@muster/core';
import {
  FORM_FIELD,
  FormDefinition,
  SubmissionDoc,
  currentPeriod,
  isEditable,
  type FillStatus,
  type FormSnapshot,
} from '@muster/forms/fill';
import type { Locale } from '$lib/i18n';
import {
  fieldMessages,
  initialAnswers,
  previousAnswers,
  savedAnswers,
  writeSubmission,
} from './fill-logic';
import { openFillRoom, type FillRoom, type FillRoomStatus, type FillToken } from './fill-room';

/** Where the fill page is: loading rooms, ready, or unable to show the form. */
export type FillPhase = 'loading' | 'ready' | 'empty' | 'denied' | 'failed';

export interface FillSessionOptions {
  ws: string;
  form: string;
  /** The submission room's respondent: the member's user id or the device's anonymous id. */
  respondent: string;
  locale: Locale;
  getToken: () => Promise<FillToken>;
  now?: () => number;
}

/**
 * One respondent filling one form: the form room (read) and their own submission room (write),
 * both kept in IndexedDB. Answers are a draft in memory until "Submit" writes them with the
 * submitted marker in one transaction; the projector's receipt then turns "saved on this device"
 * into "received" (or "rejected", with its field errors shown on the fields).
 */
export class FillSession {
  phase = $state<FillPhase>('loading');
  form = $state<FormSnapshot | null>(null);
  period = $state<Period | null>(null);
  answers = $state<Record<string, unknown>>({});
  /** Field messages by question id (and `$form`), in the page's language. */
  errors = $state<Record<string, string>>({});
  status = $state<FillStatus>('empty');
  connection = $state<FillRoomStatus | null>(null);
  /** True while a submitted answer set is being changed (before the period closes). */
  editing = $state(false);
  /** The previous period's answers exist ("same as yesterday"). */
  hasPrevious = $state(false);

  readonly #options: FillSessionOptions;
  #formRoom: FillRoom | null = null;
  #subRoom: FillRoom | null = null;
  #sub: SubmissionDoc | null = null;
  #closed = false;

  constructor(options: FillSessionOptions) {
    this.#options = options;
  }

  get #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** Open both rooms (local copies first) and follow their changes. */
  async open(): Promise<void> {
    const { ws, form, respondent, getToken } = this.#options;
    try {
      const [formRoom, subRoom] = await Promise.all([
        openFillRoom(`ws/${ws}/form/${form}`, getToken),
        openFillRoom(`ws/${ws}/sub/${form}/${respondent}`, getToken),
      ]);
      if (this.#closed) {
        formRoom.destroy();
        subRoom.destroy();
        return;
      }
      this.#formRoom = formRoom;
      this.#subRoom = subRoom;
      this.#sub = new SubmissionDoc(subRoom.doc);
      const definition = new FormDefinition(formRoom.doc);
      const readForm = () => this.#readForm(definition);
      formRoom.doc.on('update', readForm);
      subRoom.doc.on('update', () => this.#readSubmission(false));
      const onStatus = (s: FillRoomStatus) => {
        this.connection = s;
        if (s.state === 'denied') this.phase = 'denied';
        if (s.state === 'synced' && this.form === null) this.phase = 'empty';
      };
      onStatus(subRoom.status());
      subRoom.onStatus(onStatus);
      formRoom.onStatus((s) => {
        if (s.state === 'denied') this.phase = 'denied';
        if (s.state === 'synced' && this.form === null) this.phase = 'empty';
      });
      readForm();
    } catch {
      this.phase = 'failed';
    }
  }

  #readForm(definition: FormDefinition): void {
    const snap = definition.snapshot();
    if (snap.questions.length === 0) return;
    const first = this.form === null;
    this.form = snap;
    const period = currentPeriod(snap.schedule, this.#now);
    this.period = period;
    this.phase = 'ready';
    // Opening the form is what "has read" means for a notice; the mark syncs like an answer.
    if (first && period) this.#sub?.markRead(period.key, this.#now);
    this.#readSubmission(first);
  }

  #readSubmission(initial: boolean): void {
    const sub = this.#sub;
    const snap = this.form;
    const period = this.period;
    if (!sub || !snap || !period) return;
    const key = period.key;
    this.status = sub.status(key);
    this.hasPrevious = previousAnswers(snap, sub, key) !== null;
    if (this.status === 'rejected') {
      this.errors = fieldMessages(sub.receipt(key)?.errors ?? [], this.#options.locale);
      this.editing = true;
    }
    if (initial) this.answers = initialAnswers(snap, sub, key);
    else if (!this.editing && this.status !== 'empty') this.answers = savedAnswers(sub, key);
  }

  /** The period accepts answers now. */
  get open_(): boolean {
    const snap = this.form;
    const period = this.period;
    return !!snap && !!period && isEditable(snap.schedule, period.key, this.#now);
  }

  /** Fields can be typed into: never submitted, being edited, or rejected. */
  get editable(): boolean {
    return this.open_ && (this.status === 'empty' || this.editing);
  }

  setAnswer(questionId: string, value: unknown): void {
    const next = { ...this.answers };
    if (value === null || value === undefined) delete next[questionId];
    else next[questionId] = value;
    this.answers = next;
    if (this.errors[questionId]) {
      const rest = { ...this.errors };
      delete rest[questionId];
      this.errors = rest;
    }
  }

  /** Fill in the previous period's answers ("same as yesterday"). */
  sameAsLast(): void {
    const snap = this.form;
    const period = this.period;
    if (!this.#sub || !snap || !period) return;
    const previous = previousAnswers(snap, this.#sub, period.key);
    if (previous === null) return;
    this.answers = { ...this.answers, ...previous };
    this.errors = {};
  }

  /**
   * Check the answers with the form's validator and, when they pass, write them and the submitted
   * marker in one transaction. Returns the ids with errors (first is where focus should go).
   */
  submit(): string[] {
    const sub = this.#sub;
    const snap = this.form;
    const period = this.period;
    if (!sub || !snap || !period || !this.open_) return [FORM_FIELD];
    const result = writeSubmission(snap, sub, period.key, this.answers, this.#now);
    if (!result.ok) {
      this.errors = fieldMessages(result.errors, this.#options.locale);
      return result.errors.map((e) => e.questionId);
    }
    this.errors = {};
    this.editing = false;
    this.#readSubmission(false);
    return [];
  }

  /** Start changing a submitted answer set (until the period closes). */
  edit(): void {
    if (this.open_) this.editing = true;
  }

  close(): void {
    this.#closed = true;
    this.#formRoom?.destroy();
    this.#subRoom?.destroy();
  }
}

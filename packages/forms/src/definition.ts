import { newId, parseSchedule, type Schedule } from '@muster/core';
import * as Y from 'yjs';
import { parseAudience, type Audience } from './audience';
import { FormsError, FormsErrorCode } from './errors';
import { MAX_QUESTIONS, parseQuestion, type Question, type QuestionDraft } from './questions';

/** A section heading that groups questions. */
export interface Section {
  id: string;
  title: string;
  description?: string;
}

/** A plain, validated copy of a form definition: what the validator and projector work from. */
export interface FormSnapshot {
  title: string;
  /** May hold Markdown (rich text); rendering is the app's job. */
  description: string;
  sections: Section[];
  /** In display order. Entries that no longer parse (e.g. written by a newer version) are left out. */
  questions: Question[];
  schedule: Schedule;
  audience: Audience;
  /** Anonymous forms keep no respondent or department on the table row. */
  anonymous: boolean;
  /** The linked table's id (room `ws/{ws}/table/{id}`), or null before one is linked. */
  tableId: string | null;
}

const DEFAULT_SCHEDULE: Schedule = { kind: 'once', opensAt: null, closesAt: null };

/**
 * A form room (`ws/{ws}/form/{id}`). Meta lives in the top-level Y.Map `form`, questions in the
 * top-level Y.Map `questions` keyed by stable id and their order in the Y.Array `questionOrder`.
 * Top-level types (rather than maps nested in `form`) because two replicas creating the same
 * nested map concurrently would each overwrite the other's; top-level types always merge, so
 * concurrent edits to different questions both survive.
 *
 * @example
 * const form = new FormDefinition(new Y.Doc());
 * form.setMeta({ title: '每日健康打卡' });
 * form.setSchedule(dailySchedule('Asia/Shanghai', { openTime: '06:00', closeTime: '12:00' }));
 * const temp = form.addQuestion({ type: 'temperature', title: '体温', required: true });
 */
export class FormDefinition {
  readonly doc: Y.Doc;
  readonly meta: Y.Map<unknown>;
  readonly questionsMap: Y.Map<unknown>;
  readonly order: Y.Array<string>;

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.meta = doc.getMap('form');
    this.questionsMap = doc.getMap('questions');
    this.order = doc.getArray('questionOrder');
  }

  setMeta(meta: {
    title?: string;
    description?: string;
    anonymous?: boolean;
    tableId?: string | null;
    sections?: Section[];
  }): void {
    if (meta.title !== undefined && (meta.title.trim() === '' || meta.title.length > 200)) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        `Form title must be 1–200 characters, got ${meta.title.length}.`,
        meta.title,
      );
    }
    if (meta.description !== undefined && meta.description.length > 20_000) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        'Form description is longer than 20,000 characters.',
      );
    }
    this.doc.transact(() => {
      for (const [k, value] of Object.entries(meta)) {
        if (value !== undefined) this.meta.set(k, k === 'title' ? (value as string).trim() : value);
      }
    });
  }

  setSchedule(schedule: Schedule): void {
    const r = parseSchedule(schedule);
    if (!r.ok) throw new FormsError(FormsErrorCode.InvalidDefinition, r.error.message, schedule);
    this.meta.set('schedule', r.value);
  }

  setAudience(audience: Audience): void {
    this.meta.set('audience', parseAudience(audience));
  }

  /** Add a question (a new stable id unless given); returns its id. */
  addQuestion(input: QuestionDraft, opts: { before?: string } = {}): string {
    if (this.questionsMap.size >= MAX_QUESTIONS) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        `A form has at most ${MAX_QUESTIONS} questions.`,
      );
    }
    const q = parseQuestion({ ...input, id: input.id ?? newId() });
    if (this.questionsMap.has(q.id)) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        `Question ${q.id} already exists.`,
        q.id,
      );
    }
    this.doc.transact(() => {
      this.questionsMap.set(q.id, q);
      this.order.insert(this.indexFor(opts.before), [q.id]);
    });
    return q.id;
  }

  /** Replace fields of a question; its id (and so its answers and column) stays. */
  updateQuestion(id: string, patch: Partial<Omit<Question, 'id'>>): void {
    const current = this.questionsMap.get(id);
    if (current === undefined) throw notFound(id);
    this.questionsMap.set(id, parseQuestion({ ...(current as object), ...patch, id }));
  }

  /** Remove a question; its column in the linked table is hidden, its data kept. */
  removeQuestion(id: string): void {
    if (!this.questionsMap.has(id)) throw notFound(id);
    this.doc.transact(() => {
      this.questionsMap.delete(id);
      this.deleteFromOrder(id);
    });
  }

  moveQuestion(id: string, before?: string): void {
    if (!this.questionsMap.has(id)) throw notFound(id);
    this.doc.transact(() => {
      this.deleteFromOrder(id);
      this.order.insert(this.indexFor(before), [id]);
    });
  }

  question(id: string): Question | undefined {
    return this.questions().find((q) => q.id === id);
  }

  /**
   * Questions in order. Ids listed twice (two replicas moved a question at once) count once;
   * questions missing from the order (added while another replica rewrote it) follow, by id.
   */
  questions(): Question[] {
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const id of this.order.toArray()) {
      if (!seen.has(id) && this.questionsMap.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
    const rest = [...this.questionsMap.keys()].filter((id) => !seen.has(id)).sort();
    const out: Question[] = [];
    for (const id of [...ids, ...rest]) {
      try {
        out.push(parseQuestion(this.questionsMap.get(id)));
      } catch {
        // Written by a newer version or a broken client: leave it out rather than break the form.
      }
    }
    return out;
  }

  /** The validated definition as plain data. */
  snapshot(): FormSnapshot {
    const schedule = parseSchedule(this.meta.get('schedule') ?? DEFAULT_SCHEDULE);
    let audience: Audience = { anyone: true };
    try {
      audience = parseAudience(this.meta.get('audience') ?? audience);
    } catch {
      // An unreadable audience falls back to "anyone", which the projector treats as open.
    }
    const str = (k: string) =>
      typeof this.meta.get(k) === 'string' ? (this.meta.get(k) as string) : '';
    const sections = this.meta.get('sections');
    const tableId = this.meta.get('tableId');
    return {
      title: str('title'),
      description: str('description'),
      sections: Array.isArray(sections) ? (sections as Section[]) : [],
      questions: this.questions(),
      schedule: schedule.ok ? schedule.value : DEFAULT_SCHEDULE,
      audience,
      anonymous: this.meta.get('anonymous') === true,
      tableId: typeof tableId === 'string' ? tableId : null,
    };
  }

  private indexFor(before: string | undefined): number {
    if (before === undefined) return this.order.length;
    const i = this.order.toArray().indexOf(before);
    if (i < 0) throw notFound(before);
    return i;
  }

  private deleteFromOrder(id: string): void {
    const ids = this.order.toArray();
    for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) this.order.delete(i, 1);
  }
}

function notFound(id: string): FormsError {
  return new FormsError(
    FormsErrorCode.NotFound,
    `Question ${JSON.stringify(id)} does not exist.`,
    id,
  );
}

/** Build a form definition in a fresh doc from a snapshot (templates, imports, tests). */
export function formFromSnapshot(
  doc: Y.Doc,
  snap: Omit<FormSnapshot, 'tableId'> & { tableId?: string | null },
): FormDefinition {
  const form = new FormDefinition(doc);
  doc.transact(() => {
    form.setMeta({
      title: snap.title,
      description: snap.description,
      sections: snap.sections,
      anonymous: snap.anonymous,
      tableId: snap.tableId ?? null,
    });
    form.setSchedule(snap.schedule);
    form.setAudience(snap.audience);
    for (const q of snap.questions) form.addQuestion(q);
  });
  return form;
}

import { isPeriodKey, periodWindow, type Table, type WorkspaceIndex } from '@muster/core';
import * as Y from 'yjs';
import { inAudience } from './audience';
import type { FormSnapshot } from './definition';
import { cellsForAnswer, FixedColumn, syncTableColumns } from './linked-table';
import { FORM_FIELD, submissionMessage, type SubmissionErrorCode } from './messages';
import { answersDigest, type Receipt, type SubmissionDoc } from './submission';
import { buildValidator, type FieldError } from './validator';

/** What one projection run needs. */
export interface ProjectionInput {
  form: FormSnapshot;
  submission: SubmissionDoc;
  table: Table;
  respondent: string;
  /** The workspace index, for audience checks, department at submission time and pickers. */
  index?: WorkspaceIndex;
  /** Server clock, epoch ms. */
  now: number;
  /** Accept edits this long after a period closes (devices that were offline). Default 0. */
  lateGraceMs?: number;
}

/** What a run did, per period key. */
export interface ProjectionOutcome {
  /** Receipts written in this run (periods whose receipt already matched are not listed). */
  written: Map<string, Receipt>;
}

/** The deterministic row id of a respondent's submission for a period. */
export function submissionRowId(respondent: string, periodKey: string): string {
  return `${respondent}:${periodKey}`;
}

function refuse(code: SubmissionErrorCode): FieldError[] {
  return [{ questionId: FORM_FIELD, code, message: submissionMessage(code) }];
}

function periodProblem(input: ProjectionInput, key: string): SubmissionErrorCode | null {
  const s = input.form.schedule;
  if (!isPeriodKey(s, key)) return 'period';
  const w = periodWindow(s, key);
  if (w.opensAt !== null && input.now < w.opensAt) return 'notOpen';
  if (w.closesAt !== null && input.now >= w.closesAt + (input.lateGraceMs ?? 0)) return 'closed';
  return null;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

/**
 * Project a submission room into the form's table and write receipts back.
 *
 * For every submitted period whose receipt does not already cover the current answers: validate
 * (period, audience, then every visible question); on success upsert row
 * `{respondent}:{periodKey}` with one cell per question (hidden questions' stale answers cleared),
 * bumping the row version only when a cell actually changed; on rejection write nothing to the
 * table. Then write `{ status, errors?, serverTime, rowVersion, digest }` as the period's receipt.
 *
 * Deterministic and idempotent: the outcome depends only on the merged answers (not on the order
 * or number of updates that produced them), and a second run with unchanged answers writes
 * nothing. A crash between the table write and the receipt is repaired by the next run, which
 * finds the row already equal and writes the receipt with the same row version.
 *
 * @example
 * projectSubmission({ form: form.snapshot(), submission, table, respondent, index, now: Date.now() });
 */
export function projectSubmission(input: ProjectionInput): ProjectionOutcome {
  const { form, submission, table, respondent, index, now } = input;
  const written = new Map<string, Receipt>();
  projectReads(input);
  const validate = buildValidator(
    form.questions,
    index
      ? {
          departmentExists: (id) => index.orgTree().departments.has(id),
          personExists: (id) => index.member(id) !== undefined,
        }
      : {},
  );
  let columnsSynced = false;
  for (const key of submission.periods()) {
    if (!submission.isSubmitted(key)) continue;
    const answers = submission.answers(key);
    const digest = answersDigest(answers);
    if (submission.receipt(key)?.digest === digest) continue;
    const rowId = submissionRowId(respondent, key);
    const currentVersion = () => {
      const v = table.hasRow(rowId) ? table.getCell(rowId, FixedColumn.rowVersion) : null;
      return typeof v === 'number' ? v : 0;
    };
    let errors: FieldError[] | null = null;
    const problem = periodProblem(input, key);
    if (problem) errors = refuse(problem);
    else if (index && !form.audience.anyone && !inAudience(form.audience, respondent, index))
      errors = refuse('audience');
    let cleaned: Record<string, unknown> = {};
    if (!errors) {
      const r = validate(answers);
      if (r.ok) cleaned = r.value;
      else errors = r.errors;
    }
    if (errors) {
      const receipt: Receipt = {
        status: 'rejected',
        errors,
        serverTime: now,
        rowVersion: currentVersion(),
        digest,
      };
      submission.writeReceipt(key, receipt);
      written.set(key, receipt);
      continue;
    }
    if (!columnsSynced) {
      syncTableColumns(table, form.questions);
      columnsSynced = true;
    }
    const cells: Record<string, unknown> = {};
    for (const q of form.questions) Object.assign(cells, cellsForAnswer(q, cleaned[q.id]));
    cells[FixedColumn.periodKey] = key;
    cells[FixedColumn.respondent] = form.anonymous ? null : respondent;
    cells[FixedColumn.department] =
      form.anonymous || !index ? null : index.departmentOf(respondent);
    const existing = table.row(rowId);
    const changed = !existing || Object.entries(cells).some(([c, v]) => !same(existing[c], v));
    let version = currentVersion();
    if (changed) {
      version += 1;
      const iso = new Date(now).toISOString();
      cells[FixedColumn.updatedAt] = iso;
      cells[FixedColumn.rowVersion] = version;
      if (!existing) cells[FixedColumn.submittedAt] = iso;
      table.upsertRow(rowId, cells);
    }
    const receipt: Receipt = { status: 'accepted', serverTime: now, rowVersion: version, digest };
    submission.writeReceipt(key, receipt);
    written.set(key, receipt);
  }
  return { written };
}

/** Name of the table doc's map of read marks: `{respondent}:{periodKey}` → epoch ms. */
export const READS_MAP = 'reads';

/** The read marks the projector copied into a table doc. */
export function tableReads(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(READS_MAP);
}

/**
 * Copy the respondent's read marks into the table doc (a map beside the rows, so a read without
 * an answer adds no row and changes no count). Anonymous forms keep no marks; marks of people
 * outside the audience and of invalid periods are ignored. Only a changed mark is written.
 */
function projectReads(input: ProjectionInput): void {
  const { form, submission, table, respondent, index } = input;
  if (form.anonymous) return;
  if (index && !form.audience.anyone && !inAudience(form.audience, respondent, index)) return;
  const reads = tableReads(table.doc);
  for (const key of submission.readPeriods()) {
    if (!isPeriodKey(form.schedule, key)) continue;
    const at = submission.readAt(key);
    const id = submissionRowId(respondent, key);
    if (at !== null && reads.get(id) !== at) reads.set(id, at);
  }
}

/** Where a projector remembers, per submission room, the state it has fully projected. */
export interface ProjectionLedger {
  get(room: string): Uint8Array | undefined;
  set(room: string, stateVector: Uint8Array): void;
}

/** A ledger in memory (tests, single runs); the sync server keeps its own durable one. */
export class MemoryLedger implements ProjectionLedger {
  private readonly map = new Map<string, Uint8Array>();
  get(room: string): Uint8Array | undefined {
    return this.map.get(room);
  }
  set(room: string, sv: Uint8Array): void {
    this.map.set(room, sv);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Project a room unless the ledger says its current state was already fully projected, and then
 * record the room's state vector (taken after the receipts were written). After a restart, rooms
 * whose state moved past the ledger's record are projected again; because projection is
 * idempotent, a room cut off half-way produces one row and one receipt per period all the same.
 */
export function projectRoom(
  room: string,
  ledger: ProjectionLedger,
  input: ProjectionInput,
): ProjectionOutcome {
  const doc = input.submission.doc;
  const before = ledger.get(room);
  if (before && equalBytes(before, Y.encodeStateVector(doc))) return { written: new Map() };
  const outcome = projectSubmission(input);
  ledger.set(room, Y.encodeStateVector(doc));
  return outcome;
}

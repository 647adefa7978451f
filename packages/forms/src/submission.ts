import * as Y from 'yjs';
import type { FieldError } from './validator';
import type { Answers } from './visibility';

/** What the projector writes back for one period: the durable acknowledgement. */
export interface Receipt {
  status: 'accepted' | 'rejected';
  errors?: FieldError[];
  /** Server clock (epoch ms) when the projection ran. */
  serverTime: number;
  /** Version of the table row after projection (0: no row). Grows whenever the row changes. */
  rowVersion: number;
  /** Digest of the answers the receipt is about; a later edit makes the receipt stale. */
  digest: string;
}

/** What the fill page shows for a period. */
export type FillStatus = 'empty' | 'savedOnDevice' | 'received' | 'rejected';

/** Key of the marker a respondent's "Submit" writes (epoch ms on their device). */
export const SUBMITTED_KEY = '$submittedAt';
const SEP = '/';

/**
 * A submission room (`ws/{ws}/sub/{form}/{respondent}`): one respondent's answers to one form by
 * period key, and the receipts the projector writes back.
 *
 * Answers live in one top-level Y.Map `answers` under `{periodKey}/{questionId}` rather than in a
 * Y.Map per period: two offline devices creating the same period's map would overwrite each
 * other, while flat keys let edits to different questions on two devices both survive.
 * Receipts live in the Y.Map `receipts` keyed by period key, written only by the projector.
 *
 * @example
 * const sub = new SubmissionDoc(doc);
 * sub.setAnswers('2026-11-22', { [temp]: 36.6 });
 * sub.submit('2026-11-22', Date.now());
 * sub.status('2026-11-22'); // 'savedOnDevice' until the receipt arrives, then 'received'
 */
export class SubmissionDoc {
  readonly doc: Y.Doc;
  readonly answersMap: Y.Map<unknown>;
  readonly receiptsMap: Y.Map<unknown>;
  /** When the respondent first opened each period (epoch ms on their device), by period key. */
  readonly readsMap: Y.Map<unknown>;

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.answersMap = doc.getMap('answers');
    this.receiptsMap = doc.getMap('receipts');
    // Kept apart from `answers` so a read mark is never validated, digested or projected as one.
    this.readsMap = doc.getMap('reads');
  }

  /** Record that the respondent has seen a period (the first time only; later opens keep it). */
  markRead(periodKey: string, deviceTime: number): void {
    if (this.readAt(periodKey) === null) this.readsMap.set(periodKey, deviceTime);
  }

  /** When the respondent first opened a period, or null. */
  readAt(periodKey: string): number | null {
    const v = this.readsMap.get(periodKey);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  /** Period keys with a read mark. */
  readPeriods(): string[] {
    return [...this.readsMap.keys()].filter((k) => this.readAt(k) !== null);
  }

  /** Write some answers of a period (null clears one); other questions' answers are untouched. */
  setAnswers(periodKey: string, answers: Answers): void {
    this.doc.transact(() => {
      for (const [q, value] of Object.entries(answers)) {
        const key = periodKey + SEP + q;
        if (value === null || value === undefined) this.answersMap.delete(key);
        else this.answersMap.set(key, value);
      }
    });
  }

  /** Mark a period as submitted (the projector only projects submitted periods). */
  submit(periodKey: string, deviceTime: number): void {
    this.answersMap.set(periodKey + SEP + SUBMITTED_KEY, deviceTime);
  }

  /** The answers of one period by question id (the submitted marker included when set). */
  answers(periodKey: string): Record<string, unknown> {
    const prefix = periodKey + SEP;
    const out: Record<string, unknown> = {};
    this.answersMap.forEach((value, key) => {
      if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
    });
    return out;
  }

  /** Period keys that have any answer, sorted. */
  periods(): string[] {
    const keys = new Set<string>();
    this.answersMap.forEach((_v, key) => {
      const i = key.indexOf(SEP);
      if (i > 0) keys.add(key.slice(0, i));
    });
    return [...keys].sort();
  }

  isSubmitted(periodKey: string): boolean {
    return typeof this.answersMap.get(periodKey + SEP + SUBMITTED_KEY) === 'number';
  }

  receipt(periodKey: string): Receipt | undefined {
    const r = this.receiptsMap.get(periodKey);
    return r !== null && typeof r === 'object' ? (r as Receipt) : undefined;
  }

  /** For the projector only. */
  writeReceipt(periodKey: string, receipt: Receipt): void {
    this.receiptsMap.set(periodKey, receipt);
  }

  /**
   * "Saved on this device" until a receipt for exactly these answers arrives; then "received"
   * (or "rejected", with the field errors in the receipt).
   */
  status(periodKey: string): FillStatus {
    if (!this.isSubmitted(periodKey)) return 'empty';
    const r = this.receipt(periodKey);
    if (!r || r.digest !== answersDigest(this.answers(periodKey))) return 'savedOnDevice';
    return r.status === 'accepted' ? 'received' : 'rejected';
  }
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A digest of a period's answers, independent of key order (two 32-bit FNV-1a lanes). It tells
 * whether a receipt is about the current answers; it is not a security boundary.
 */
export function answersDigest(answers: Answers): string {
  const s = stable(answers);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 ^= h2 >>> 13;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

import {
  periodAt,
  periodWindow,
  previousPeriodKey,
  type Period,
  type Schedule,
} from '@muster/core';
import type { Question } from './questions';
import type { SubmissionDoc } from './submission';

/**
 * The period the fill page is for at `now` (null on a day a daily schedule skips), built on the
 * core period rules.
 */
export function currentPeriod(schedule: Schedule, now: number): Period | null {
  return periodAt(schedule, now);
}

/** A submission for `periodKey` may be changed until the period closes. */
export function isEditable(schedule: Schedule, periodKey: string, now: number): boolean {
  const w = periodWindow(schedule, periodKey);
  return (w.opensAt === null || now >= w.opensAt) && (w.closesAt === null || now < w.closesAt);
}

/**
 * Initial answers for a new period's fill page: the respondent's answers from the previous period
 * for questions marked "same as last time", else each question's default value. Existing answers
 * of this period are not included (the page shows those as they are).
 */
export function prefillAnswers(
  questions: readonly Question[],
  schedule: Schedule,
  submission: SubmissionDoc,
  periodKey: string,
): Record<string, unknown> {
  const prev = previousPeriodKey(schedule, periodKey);
  const last = prev === null ? {} : submission.answers(prev);
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.prefillFromLast && Object.hasOwn(last, q.id)) out[q.id] = last[q.id];
    else if (q.defaultValue !== undefined) out[q.id] = q.defaultValue;
  }
  return out;
}

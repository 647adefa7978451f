import { previousPeriodKey } from '@muster/core';
import {
  SUBMITTED_KEY,
  buildValidator,
  prefillAnswers,
  type FieldError,
  type FormSnapshot,
  type SubmissionDoc,
} from '@muster/forms/fill';

/** A language the forms' field messages come in. */
export type MessageLocale = 'en' | 'zh-CN';

/** A period's stored answers, without the submitted marker. */
export function savedAnswers(sub: SubmissionDoc, periodKey: string): Record<string, unknown> {
  const out = sub.answers(periodKey);
  delete out[SUBMITTED_KEY];
  return out;
}

/**
 * What the fill page starts from: this period's stored answers when there are any, else the
 * previous period's answers for "same as last time" questions and the defaults.
 */
export function initialAnswers(
  form: FormSnapshot,
  sub: SubmissionDoc,
  periodKey: string,
): Record<string, unknown> {
  const saved = savedAnswers(sub, periodKey);
  if (Object.keys(saved).length > 0) return saved;
  return prefillAnswers(form.questions, form.schedule, sub, periodKey);
}

/** The previous period's submitted answers ("same as yesterday"), or null when there are none. */
export function previousAnswers(
  form: FormSnapshot,
  sub: SubmissionDoc,
  periodKey: string,
): Record<string, unknown> | null {
  const previous = previousPeriodKey(form.schedule, periodKey);
  if (previous === null || !sub.isSubmitted(previous)) return null;
  return savedAnswers(sub, previous);
}

/** Field errors as one message per question id (the first wins), in `locale`. */
export function fieldMessages(
  errors: readonly FieldError[],
  locale: MessageLocale,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.questionId] ??= e.message[locale];
  return out;
}

/**
 * Check `answers` with the form's validator and, when they pass, write the cleaned answers and
 * the submitted marker in one transaction (answers no longer given, e.g. of a question now
 * hidden, are removed). Nothing is written when a field is wrong.
 */
export function writeSubmission(
  form: FormSnapshot,
  sub: SubmissionDoc,
  periodKey: string,
  answers: Record<string, unknown>,
  now: number,
): { ok: true } | { ok: false; errors: FieldError[] } {
  const result = buildValidator(form.questions)(answers);
  if (!result.ok) return { ok: false, errors: result.errors };
  const stale = Object.keys(savedAnswers(sub, periodKey));
  sub.doc.transact(() => {
    const clear: Record<string, null> = {};
    for (const id of stale) if (!Object.hasOwn(result.value, id)) clear[id] = null;
    sub.setAnswers(periodKey, { ...clear, ...result.value });
    sub.submit(periodKey, now);
  });
  return { ok: true };
}

import { isId } from '@muster/core';
import * as v from 'valibot';
import {
  defaultMaxLength,
  fieldMessage,
  type FieldErrorCode,
  type LocalizedText,
  type SubmissionErrorCode,
} from './messages';
import type { Question } from './questions';
import { isAnswered, visibleQuestions, type Answers } from './visibility';

/** One refused answer: which question, why, and what to tell the respondent. */
export interface FieldError {
  /** The question, or `$form` for errors about the submission as a whole. */
  questionId: string;
  code: FieldErrorCode | SubmissionErrorCode;
  message: LocalizedText;
}

/** Validation outcome: the cleaned answers of visible questions, or the per-field errors. */
export type ValidationResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] };

/** What the validator may look up; without it, departments and people are only checked as ids. */
export interface ValidationContext {
  departmentExists?: (id: string) => boolean;
  personExists?: (id: string) => boolean;
}

/** A validator built once from a form definition; call it for every submission. */
export type FormValidator = (answers: Answers) => ValidationResult;

// Issue messages are our error codes; the localized text is made from the question afterwards.
type Schema = v.GenericSchema<unknown, unknown>;
const CN_MOBILE = /^1[3-9]\d{9}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// idCode values are short, so even a badly written pattern runs on bounded input.
const MAX_CODE_LENGTH = 100;

function decimalsAtMost(n: number, places: number): boolean {
  // Compare after rounding so 36.6 (stored as 36.600000000000001) counts as one decimal.
  const scaled = n * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

function text(q: Question): Schema {
  return v.pipe(
    v.string('type'),
    v.trim(),
    v.maxLength('maxLength' in q && q.maxLength ? q.maxLength : defaultMaxLength(q), 'tooLong'),
  );
}

function phone(region: 'cnMobile' | 'international' | 'any'): Schema {
  return v.pipe(
    v.string('type'),
    v.transform((s) => s.replace(/[\s()-]/g, '')),
    v.transform((s) =>
      region !== 'international' && /^(\+?86)1\d{10}$/.test(s) ? s.replace(/^\+?86/, '') : s,
    ),
    v.check(
      (s) =>
        region === 'cnMobile'
          ? CN_MOBILE.test(s)
          : region === 'international'
            ? E164.test(s)
            : CN_MOBILE.test(s) || E164.test(s),
      'phone',
    ),
  );
}

function schemaFor(q: Question, ctx: ValidationContext): Schema {
  switch (q.type) {
    case 'shortText':
    case 'longText':
      return text(q);
    case 'number': {
      const steps: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [];
      if (q.min !== undefined) steps.push(v.minValue(q.min, 'min'));
      if (q.max !== undefined) steps.push(v.maxValue(q.max, 'max'));
      const places = q.decimals ?? 0;
      return v.pipe(
        v.number('type'),
        v.finite('type'),
        ...steps,
        v.check((n: number) => decimalsAtMost(n, places), 'decimals'),
      ) as Schema;
    }
    case 'temperature':
      return v.pipe(
        v.number('type'),
        v.finite('type'),
        v.check((n) => n >= 34 && n <= 43 && decimalsAtMost(n, 1), 'temperature'),
      );
    case 'singleChoice': {
      const ids = q.choices.map((c) => c.id);
      return v.picklist(ids, 'choice');
    }
    case 'multipleChoice': {
      const ids = q.choices.map((c) => c.id);
      return v.pipe(
        v.strictObject(
          {
            choices: v.pipe(
              v.array(v.picklist(ids, 'choice'), 'type'),
              v.check((a) => new Set(a).size === a.length, 'choice'),
            ),
            other: v.optional(
              v.nullable(
                v.pipe(
                  v.string('type'),
                  v.trim(),
                  v.check(() => q.allowOther === true, 'choice'),
                  v.maxLength(200, 'other'),
                ),
              ),
            ),
          },
          'type',
        ),
        v.transform((a) => ({ choices: a.choices, other: a.other ? a.other : null })),
        v.check((a) => q.minSelected === undefined || count(a) >= q.minSelected, 'tooFewSelected'),
        v.check((a) => q.maxSelected === undefined || count(a) <= q.maxSelected, 'tooManySelected'),
      );
    }
    case 'yesNo':
      return v.boolean('type');
    case 'acknowledgement':
      return v.pipe(
        v.boolean('type'),
        v.check((b) => b || q.required !== true, 'acknowledge'),
      );
    case 'date':
      return v.pipe(
        v.string('type'),
        v.isoDate('date'),
        v.check(
          (d) =>
            !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
            new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
          'date',
        ),
        v.check((d) => q.min === undefined || d >= q.min, 'min'),
        v.check((d) => q.max === undefined || d <= q.max, 'max'),
      );
    case 'time':
      return v.pipe(v.string('type'), v.regex(TIME, 'time'));
    case 'phone':
      return phone(q.region ?? 'any');
    case 'idCode': {
      const re = new RegExp(`^(?:${q.pattern})$`, 'u');
      return v.pipe(
        v.string('type'),
        v.trim(),
        v.maxLength(MAX_CODE_LENGTH, 'pattern'),
        v.check((s) => re.test(s), 'pattern'),
      );
    }
    case 'department':
      return v.pipe(
        v.string('type'),
        v.check((s) => isId(s) && (ctx.departmentExists?.(s) ?? true), 'department'),
      );
    case 'person':
      return v.pipe(
        v.string('type'),
        v.check((s) => isId(s) && (ctx.personExists?.(s) ?? true), 'person'),
      );
    case 'location':
      return v.pipe(
        v.strictObject(
          {
            text: v.pipe(v.string('type'), v.trim(), v.maxLength(500, 'tooLong')),
            region: v.optional(
              v.nullable(
                v.pipe(
                  v.array(
                    v.pipe(
                      v.string('region'),
                      v.trim(),
                      v.minLength(1, 'region'),
                      v.maxLength(100, 'region'),
                    ),
                    'region',
                  ),
                  v.maxLength(6, 'region'),
                ),
              ),
            ),
          },
          'type',
        ),
        v.transform((l) => ({
          text: l.text,
          region: l.region && l.region.length > 0 ? l.region : null,
        })),
        v.check((l) => q.requireRegion !== true || l.region !== null, 'region'),
      );
    case 'rating':
      return v.pipe(
        v.number('type'),
        v.integer('rating'),
        v.minValue(1, 'rating'),
        v.maxValue(5, 'rating'),
      );
  }
}

function count(a: { choices: string[]; other: string | null }): number {
  return a.choices.length + (a.other ? 1 : 0);
}

/**
 * Build the one validator of a form: the fill page and the projector both call it. Hidden
 * questions are skipped and their stale answers dropped; unknown question ids are ignored; every
 * wrong type or out-of-range value is reported on its own field with a zh-CN and English message.
 *
 * @example
 * const validate = buildValidator(form.questions());
 * const r = validate({ [temp.id]: 36.6 });
 * if (!r.ok) r.errors[0].message['zh-CN'];
 */
export function buildValidator(
  questions: readonly Question[],
  ctx: ValidationContext = {},
): FormValidator {
  const schemas = new Map(questions.map((q) => [q.id, schemaFor(q, ctx)]));
  return (answers) => {
    const shown = visibleQuestions(questions, answers);
    const value: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    const fail = (q: Question, code: FieldErrorCode) =>
      errors.push({ questionId: q.id, code, message: fieldMessage(code, q) });
    for (const q of questions) {
      if (!shown.has(q.id)) continue;
      const raw = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
      if (!isAnswered(raw) || (q.type === 'acknowledgement' && raw === false)) {
        if (q.required) fail(q, q.type === 'acknowledgement' ? 'acknowledge' : 'required');
        continue;
      }
      const r = v.safeParse(schemas.get(q.id) as Schema, raw, { abortPipeEarly: true });
      if (r.success) value[q.id] = r.output;
      else fail(q, r.issues[0].message as FieldErrorCode);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  };
}

import { isId } from '@muster/core';
import * as v from 'valibot';
import { FormsError, FormsErrorCode } from './errors';

/** The kinds of question a form can ask. */
export const QuestionType = {
  shortText: 'shortText',
  longText: 'longText',
  number: 'number',
  /** Body temperature in °C, 34.0–43.0, one decimal. */
  temperature: 'temperature',
  singleChoice: 'singleChoice',
  /** Several choices, optionally with free-text "other". */
  multipleChoice: 'multipleChoice',
  yesNo: 'yesNo',
  date: 'date',
  time: 'time',
  phone: 'phone',
  /** An id or code checked against a pattern (employee number, licence plate …). */
  idCode: 'idCode',
  department: 'department',
  person: 'person',
  /** Free text plus an optional region path such as ["湖北省", "武汉市"]. */
  location: 'location',
  rating: 'rating',
  /** "I have read this": must be ticked when required. */
  acknowledgement: 'acknowledgement',
} as const;
export type QuestionType = (typeof QuestionType)[keyof typeof QuestionType];

/** A choice of a single/multiple choice question; answers store the id, so renaming keeps them. */
export interface Choice {
  id: string;
  label: string;
}

/**
 * When a question is shown. Leaf conditions compare another question's answer; `all`/`any` nest.
 * A condition on a hidden question sees it as unanswered, so visibility chains (B after A, C after
 * B) hide the whole chain.
 */
export type Condition =
  | { question: string; op: 'is' | 'isNot' | 'contains' | 'gte' | 'lte'; value: AnswerScalar }
  | { question: string; op: 'answered' | 'notAnswered' }
  | { all: Condition[] }
  | { any: Condition[] };

export type AnswerScalar = string | number | boolean;

/** Fields every question has. */
export interface QuestionBase {
  /** Stable id (an `@muster/core` id of 16–26 characters); answers and the table column use it. */
  id: string;
  type: QuestionType;
  title: string;
  help?: string;
  required?: boolean;
  section?: string;
  /** Shown only when this holds. */
  visibleIf?: Condition;
  /** Initial value on the fill page. */
  defaultValue?: unknown;
  /** Prefill with the respondent's answer from the previous period ("same as last time"). */
  prefillFromLast?: boolean;
}

export type Question = QuestionBase &
  (
    | { type: 'shortText' | 'longText'; maxLength?: number }
    | { type: 'number'; unit?: string; min?: number; max?: number; decimals?: number }
    | { type: 'temperature' }
    | { type: 'singleChoice'; choices: Choice[] }
    | {
        type: 'multipleChoice';
        choices: Choice[];
        allowOther?: boolean;
        minSelected?: number;
        maxSelected?: number;
      }
    | { type: 'yesNo' | 'time' | 'department' | 'person' | 'rating' | 'acknowledgement' }
    | { type: 'date'; min?: string; max?: string }
    | { type: 'phone'; region?: 'cnMobile' | 'international' | 'any' }
    | { type: 'idCode'; pattern: string; patternHint?: string }
    | { type: 'location'; requireRegion?: boolean }
  );

/** Answer shapes by question type (what the submission room stores). */
export interface MultipleChoiceAnswer {
  choices: string[];
  other?: string | null;
}
export interface LocationAnswer {
  text: string;
  region?: string[] | null;
}

/** Longest question id: leaves room for derived column ids such as `{id}_other` (≤ 32). */
export const MAX_QUESTION_ID_LENGTH = 26;
export const MAX_QUESTIONS = 200;
export const MAX_CHOICES = 200;
/** Longest `idCode` pattern; patterns run on short values only (see validator). */
export const MAX_PATTERN_LENGTH = 200;

const QuestionId = v.pipe(
  v.string(),
  v.check(
    (s) => isId(s) && s.length <= MAX_QUESTION_ID_LENGTH && !s.startsWith('muster'),
    `must be an id of 16–${MAX_QUESTION_ID_LENGTH} characters from A–Z, a–z, 0–9, "-" and "_" not starting with "muster"`,
  ),
);
const Label = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500));
const Scalar = v.union([
  v.pipe(v.string(), v.maxLength(1000)),
  v.pipe(v.number(), v.finite()),
  v.boolean(),
]);

const ConditionSchema: v.GenericSchema<Condition> = v.union([
  v.strictObject({
    question: QuestionId,
    op: v.picklist(['is', 'isNot', 'contains', 'gte', 'lte']),
    value: Scalar,
  }),
  v.strictObject({ question: QuestionId, op: v.picklist(['answered', 'notAnswered']) }),
  v.strictObject({ all: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.maxLength(20)) }),
  v.strictObject({ any: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.maxLength(20)) }),
]);

const ChoiceSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.check((s: string) => isId(s), 'must be an id'),
  ),
  label: Label,
});
const Choices = v.pipe(v.array(ChoiceSchema), v.minLength(1), v.maxLength(MAX_CHOICES));
const PlainDate = v.pipe(v.string(), v.isoDate());

const base = {
  id: QuestionId,
  title: Label,
  help: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  required: v.optional(v.boolean()),
  section: v.optional(v.pipe(v.string(), v.maxLength(64))),
  visibleIf: v.optional(ConditionSchema),
  defaultValue: v.optional(v.unknown()),
  prefillFromLast: v.optional(v.boolean()),
};

const QuestionSchema = v.variant('type', [
  v.strictObject({
    ...base,
    type: v.picklist(['shortText', 'longText']),
    maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  }),
  v.strictObject({
    ...base,
    type: v.literal('number'),
    unit: v.optional(v.pipe(v.string(), v.maxLength(20))),
    min: v.optional(v.pipe(v.number(), v.finite())),
    max: v.optional(v.pipe(v.number(), v.finite())),
    decimals: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10))),
  }),
  v.strictObject({ ...base, type: v.literal('temperature') }),
  v.strictObject({ ...base, type: v.literal('singleChoice'), choices: Choices }),
  v.strictObject({
    ...base,
    type: v.literal('multipleChoice'),
    choices: Choices,
    allowOther: v.optional(v.boolean()),
    minSelected: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    maxSelected: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.strictObject({
    ...base,
    type: v.picklist(['yesNo', 'time', 'department', 'person', 'rating', 'acknowledgement']),
  }),
  v.strictObject({
    ...base,
    type: v.literal('date'),
    min: v.optional(PlainDate),
    max: v.optional(PlainDate),
  }),
  v.strictObject({
    ...base,
    type: v.literal('phone'),
    region: v.optional(v.picklist(['cnMobile', 'international', 'any'])),
  }),
  v.strictObject({
    ...base,
    type: v.literal('idCode'),
    pattern: v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(MAX_PATTERN_LENGTH),
      v.check(isRegExpSource, 'must be a valid regular expression'),
    ),
    patternHint: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  v.strictObject({ ...base, type: v.literal('location'), requireRegion: v.optional(v.boolean()) }),
]);

function isRegExpSource(s: string): boolean {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Check a question definition from JSON (the builder, a template, the form room). Returns the
 * typed question or throws `InvalidDefinition` naming the field and the problem.
 */
export function parseQuestion(input: unknown): Question {
  const r = v.safeParse(QuestionSchema, input);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    const id = (input as { id?: unknown } | null)?.id;
    throw new FormsError(
      FormsErrorCode.InvalidDefinition,
      `Question ${JSON.stringify(id)}${path ? ` field "${path}"` : ''}: ${issue.message}.`,
      input,
    );
  }
  const q = r.output as Question;
  if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) {
    throw new FormsError(
      FormsErrorCode.InvalidDefinition,
      `Question "${q.title}": min ${q.min} is greater than max ${q.max}.`,
      input,
    );
  }
  if (q.type === 'singleChoice' || q.type === 'multipleChoice') {
    const ids = new Set(q.choices.map((c) => c.id));
    if (ids.size !== q.choices.length) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        `Question "${q.title}" has two choices with the same id.`,
        input,
      );
    }
    const labels = new Set(q.choices.map((c) => c.label));
    if (labels.size !== q.choices.length) {
      throw new FormsError(
        FormsErrorCode.InvalidDefinition,
        `Question "${q.title}" has two choices with the same label; make each label unique.`,
        input,
      );
    }
  }
  return q;
}

/** Is `value` a well-formed question id? */
export function isQuestionId(value: unknown): value is string {
  return v.is(QuestionId, value);
}

/** A question before it has an id (the form assigns a new stable one unless given). */
export type QuestionDraft = Question extends infer Q
  ? Q extends Question
    ? Omit<Q, 'id'> & { id?: string }
    : never
  : never;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions, FIXED_ID } from '../test/support';
import type { Question } from './questions';
import { buildValidator } from './validator';
import { visibleQuestions } from './visibility';

const A = FIXED_ID('qa');
const B = FIXED_ID('qb');
const C = FIXED_ID('qc');
const D = FIXED_ID('qd');
const YES = FIXED_ID('yes');
const NO = FIXED_ID('no');

const questions: Question[] = [
  { id: A, type: 'temperature', title: 'Temperature' },
  // B: shown when A ≥ 37.3.
  {
    id: B,
    type: 'singleChoice',
    title: 'Seen a doctor?',
    required: true,
    visibleIf: { question: A, op: 'gte', value: 37.3 },
    choices: [
      { id: YES, label: 'Yes' },
      { id: NO, label: 'No' },
    ],
  },
  // C: nested — shown when B is "yes" (so only when B itself is shown).
  {
    id: C,
    type: 'shortText',
    title: 'Which hospital?',
    required: true,
    visibleIf: { question: B, op: 'is', value: YES },
  },
  // D: any-of with a contains.
  {
    id: D,
    type: 'longText',
    title: 'Details',
    visibleIf: {
      any: [
        { question: C, op: 'contains', value: '协和' },
        {
          all: [
            { question: A, op: 'lte', value: 35 },
            { question: A, op: 'answered' },
          ],
        },
      ],
    },
  },
];

describe('conditional visibility', () => {
  it('shows a question when its condition holds', () => {
    expect([...visibleQuestions(questions, { [A]: 36.5 })]).toEqual([A]);
    expect([...visibleQuestions(questions, { [A]: 37.3 })]).toEqual([A, B]);
    expect([...visibleQuestions(questions, { [A]: 38, [B]: YES })]).toEqual([A, B, C]);
    expect([...visibleQuestions(questions, { [A]: 38, [B]: YES, [C]: '武汉协和医院' })]).toEqual([
      A,
      B,
      C,
      D,
    ]);
    expect([...visibleQuestions(questions, { [A]: 34.8 })]).toEqual([A, D]);
  });

  it('hides nested chains when an earlier question hides them, even with stale answers', () => {
    // B and C were answered while A was high; A went back to normal: B, C and D are hidden.
    const stale = { [A]: 36.6, [B]: YES, [C]: '武汉协和医院', [D]: 'x' };
    expect([...visibleQuestions(questions, stale)]).toEqual([A]);
  });

  it('drops hidden answers and does not validate them', () => {
    const validate = buildValidator(questions);
    // C is required and B holds an invalid choice, but both are hidden.
    expect(validate({ [A]: 36.6, [B]: 'garbage', [C]: '' })).toEqual({
      ok: true,
      value: { [A]: 36.6 },
    });
    const r = validate({ [A]: 38.2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.questionId, e.code])).toEqual([[B, 'required']]);
  });

  it('treats a condition cycle as unanswered instead of looping', () => {
    const cyc: Question[] = [
      { id: A, type: 'shortText', title: 'a', visibleIf: { question: B, op: 'answered' } },
      { id: B, type: 'shortText', title: 'b', visibleIf: { question: A, op: 'answered' } },
      { id: C, type: 'shortText', title: 'c', visibleIf: { question: D, op: 'notAnswered' } },
    ];
    expect([...visibleQuestions(cyc, { [A]: 'x', [B]: 'y' })]).toEqual([C]);
  });
});

describe('conditional visibility (property)', () => {
  it('a question is shown only if its condition holds on shown answers; hidden answers never survive validation', () => {
    const answer = fc.record({
      [A]: fc.option(
        fc.integer({ min: 340, max: 420 }).map((n) => n / 10),
        { nil: undefined },
      ),
      [B]: fc.option(fc.constantFrom(YES, NO), { nil: undefined }),
      [C]: fc.option(fc.constantFrom('武汉协和医院', '同济'), { nil: undefined }),
      [D]: fc.option(fc.constant('x'), { nil: undefined }),
    });
    const validate = buildValidator(questions.map((q) => ({ ...q, required: false })));
    fc.assert(
      fc.property(answer, (raw) => {
        const answers = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const shown = visibleQuestions(questions, answers);
        const a = answers[A] as number | undefined;
        expect(shown.has(A)).toBe(true);
        expect(shown.has(B)).toBe(a !== undefined && a >= 37.3);
        expect(shown.has(C)).toBe(shown.has(B) && answers[B] === YES);
        const viaC = shown.has(C) && String(answers[C]).includes('协和');
        expect(shown.has(D)).toBe(viaC || (a !== undefined && a <= 35));
        const r = validate(answers);
        expect(r.ok).toBe(true);
        if (r.ok) for (const id of Object.keys(r.value)) expect(shown.has(id)).toBe(true);
      }),
      fcOptions('visibility'),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyType, fcOptions, FIXED_ID } from '../test/support';
import { buildValidator } from './validator';
import type { Question } from './questions';

const questions = everyType();
const q = (prefix: string): Question => questions.find((x) => x.id.startsWith(prefix)) as Question;
const depts = new Set([FIXED_ID('deptA'), FIXED_ID('deptB')]);
const people = new Set([FIXED_ID('alice'), FIXED_ID('bob')]);
const ctx = {
  departmentExists: (id: string) => depts.has(id),
  personExists: (id: string) => people.has(id),
};

function check(question: Question, value: unknown) {
  return buildValidator([{ ...question, required: false }], ctx)({ [question.id]: value });
}

const digits = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
    .map((a) => a.join(''));
const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const pad = (n: number) => String(n).padStart(2, '0');

interface Case {
  type: string;
  valid: fc.Arbitrary<unknown>;
  invalid: [fc.Arbitrary<unknown>, string][];
}

const CASES: Case[] = [
  {
    type: 'short',
    valid: fc.stringMatching(/^[a-z\u4e00-\u4e09]{1,20}$/),
    invalid: [
      [fc.stringMatching(/^[a-z]{21,40}$/), 'tooLong'],
      [fc.integer(), 'type'],
    ],
  },
  {
    type: 'num',
    valid: fc.integer({ min: 0, max: 100 }),
    invalid: [
      [fc.integer({ min: 101 }), 'max'],
      [fc.integer({ max: -1 }), 'min'],
      [fc.integer({ min: 0, max: 99 }).map((n) => n + 0.5), 'decimals'],
      [fc.integer().map(String), 'type'],
      [fc.constant(Number.POSITIVE_INFINITY), 'type'],
    ],
  },
  {
    type: 'temp',
    valid: fc.integer({ min: 340, max: 430 }).map((n) => n / 10),
    invalid: [
      [fc.integer({ min: 431, max: 2000 }).map((n) => n / 10), 'temperature'],
      [fc.integer({ min: 0, max: 339 }).map((n) => n / 10), 'temperature'],
      [
        fc
          .integer({ min: 3400, max: 4299 })
          .filter((n) => n % 10 !== 0)
          .map((n) => n / 100),
        'temperature',
      ],
      [fc.constant('36.6'), 'type'],
    ],
  },
  {
    type: 'single',
    valid: fc.constantFrom(FIXED_ID('onsite'), FIXED_ID('remote')),
    invalid: [
      [
        fc
          .string({ minLength: 1 })
          .filter((s) => s.trim() !== '' && !s.startsWith('onsite') && !s.startsWith('remote')),
        'choice',
      ],
    ],
  },
  {
    type: 'multi',
    valid: fc
      .record({
        choices: fc.subarray([FIXED_ID('cough'), FIXED_ID('fever'), FIXED_ID('none')], {
          minLength: 0,
          maxLength: 1,
        }),
        other: fc.option(fc.stringMatching(/^[a-z]{1,50}$/), { nil: null }),
      })
      .filter((a) => a.choices.length > 0 || a.other !== null),
    invalid: [
      [
        fc.constant({ choices: [FIXED_ID('cough'), FIXED_ID('fever'), FIXED_ID('none')] }),
        'tooManySelected',
      ],
      [fc.constant({ choices: ['nope'] }), 'choice'],
      [fc.constant({ choices: [FIXED_ID('cough'), FIXED_ID('cough')] }), 'choice'],
      [fc.constant({ choices: [], other: 'x'.repeat(201) }), 'other'],
      [fc.constant([FIXED_ID('cough')]), 'type'],
    ],
  },
  { type: 'yesno', valid: fc.boolean(), invalid: [[fc.constantFrom('yes', 1), 'type']] },
  {
    type: 'date',
    valid: fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    invalid: [
      [fc.constantFrom('2019-12-31', '1999-01-01'), 'min'],
      [fc.constantFrom('2031-01-01'), 'max'],
      [fc.constantFrom('2021-02-30', '2021-13-01', '21-01-01', 'tomorrow'), 'date'],
    ],
  },
  {
    type: 'time',
    valid: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${pad(h)}:${pad(m)}`),
    invalid: [[fc.constantFrom('24:00', '7:30', '12:60', 'noon'), 'time']],
  },
  {
    type: 'cnphone',
    valid: fc
      .tuple(fc.constantFrom('', '+86', '86'), fc.integer({ min: 3, max: 9 }), digits(9, 9))
      .map(([p, d, rest]) => `${p}1${d}${rest}`),
    invalid: [
      [digits(1, 10), 'phone'],
      [
        fc.tuple(fc.integer({ min: 0, max: 2 }), digits(9, 9)).map(([d, rest]) => `1${d}${rest}`),
        'phone',
      ],
    ],
  },
  {
    type: 'intlphone',
    valid: fc
      .tuple(fc.integer({ min: 1, max: 9 }), digits(6, 14))
      .map(([d, rest]) => `+${d}${rest}`),
    invalid: [[digits(7, 15), 'phone']],
  },
  {
    type: 'code',
    valid: fc.tuple(upper, upper, digits(4, 4)).map(([a, b, d]) => a + b + d),
    invalid: [[fc.tuple(upper, digits(5, 5)).map(([a, d]) => a.toLowerCase() + d), 'pattern']],
  },
  {
    type: 'dept',
    valid: fc.constantFrom(...depts),
    invalid: [
      [fc.constantFrom(FIXED_ID('deptZ'), 'short'), 'department'],
      [fc.constant(42), 'type'],
    ],
  },
  {
    type: 'person',
    valid: fc.constantFrom(...people),
    invalid: [[fc.constant(FIXED_ID('mallory')), 'person']],
  },
  {
    type: 'loc',
    valid: fc.record({
      text: fc.stringMatching(/^[a-z ]{0,30}$/),
      region: fc.array(fc.constantFrom('湖北省', '武汉市', '江岸区'), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    invalid: [
      [fc.record({ text: fc.stringMatching(/^[a-z]{1,30}$/) }), 'region'],
      [fc.constant({ text: 'x', region: [''] }), 'region'],
      [fc.constant('Wuhan'), 'type'],
    ],
  },
  {
    type: 'rating',
    valid: fc.integer({ min: 1, max: 5 }),
    invalid: [
      [fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 6 })), 'rating'],
      [fc.constant(2.5), 'rating'],
    ],
  },
];

describe('validator, every question type', () => {
  for (const c of CASES) {
    const question = q(c.type);
    it(`${question.type} (${c.type}) accepts valid values`, () => {
      fc.assert(
        fc.property(c.valid, (value) => {
          const r = check(question, value);
          expect(r, JSON.stringify(value)).toMatchObject({ ok: true });
        }),
        fcOptions(`valid ${c.type}`),
      );
    });
    c.invalid.forEach(([arb, code], i) => {
      it(`${question.type} (${c.type}) rejects invalid #${i} with "${code}"`, () => {
        fc.assert(
          fc.property(arb, (value) => {
            const r = check(question, value);
            expect(r.ok, JSON.stringify(value)).toBe(false);
            if (r.ok) return;
            expect(r.errors).toHaveLength(1);
            expect(r.errors[0]).toMatchObject({ questionId: question.id, code });
            expect(r.errors[0]?.message['zh-CN'].length).toBeGreaterThan(0);
            expect(r.errors[0]?.message.en.length).toBeGreaterThan(0);
          }),
          fcOptions(`invalid ${c.type} ${code}`),
        );
      });
    });
  }

  it('names the broken limit in both languages', () => {
    const r = check(q('num'), 101);
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          questionId: q('num').id,
          code: 'max',
          message: { 'zh-CN': '不能大于 100', en: 'Must be at most 100.' },
        },
      ],
    });
  });

  it('normalises phone numbers and trims text', () => {
    expect(check(q('cnphone'), '+86 138-0013-8000')).toEqual({
      ok: true,
      value: { [q('cnphone').id]: '13800138000' },
    });
    expect(check(q('short'), '  王芳 ')).toEqual({ ok: true, value: { [q('short').id]: '王芳' } });
  });

  it('requires required questions and an acknowledgement tick', () => {
    const v = buildValidator(questions, ctx);
    const r = v({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.questionId, e.code])).toEqual([
      [q('short').id, 'required'],
      [q('ack').id, 'acknowledge'],
    ]);
    expect(v({ [q('short').id]: '  ', [q('ack').id]: false }).ok).toBe(false);
    expect(v({ [q('short').id]: 'A', [q('ack').id]: true })).toEqual({
      ok: true,
      value: { [q('short').id]: 'A', [q('ack').id]: true },
    });
  });

  it('ignores unknown question ids and reports each bad field separately', () => {
    const v = buildValidator(questions, ctx);
    const r = v({
      [q('short').id]: 'A',
      [q('ack').id]: true,
      [FIXED_ID('unknown')]: 'whatever',
      [q('temp').id]: 50,
      [q('rating').id]: 'five',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.questionId, e.code])).toEqual([
      [q('temp').id, 'temperature'],
      [q('rating').id, 'type'],
    ]);
  });
});

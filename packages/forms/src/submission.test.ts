import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fcOptions, FIXED_ID } from '../test/support';
import { answersDigest, SubmissionDoc } from './submission';

const QUESTIONS = ['q1', 'q2', 'q3', 'q4'].map(FIXED_ID);

describe('submission room convergence', () => {
  it('offline edits on two devices merge; a question edited on one device only keeps its value', () => {
    const edit = fc.record({
      device: fc.integer({ min: 0, max: 1 }),
      period: fc.constantFrom('2026-11-22', '2026-11-23'),
      question: fc.constantFrom(...QUESTIONS),
      value: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('a', 'b', null)),
    });
    fc.assert(
      fc.property(
        fc.array(edit, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (edits, order) => {
          const devices = [new Y.Doc(), new Y.Doc()];
          devices.forEach((d, i) => (d.clientID = 100 + i));
          const updates: Uint8Array[][] = [[], []];
          devices.forEach((d, i) => d.on('update', (u: Uint8Array) => updates[i]?.push(u)));
          const touched = new Map<string, Set<number>>();
          const last = new Map<string, unknown>();
          for (const e of edits) {
            new SubmissionDoc(devices[e.device] as Y.Doc).setAnswers(e.period, {
              [e.question]: e.value,
            });
            const key = `${e.period}/${e.question}`;
            touched.set(key, (touched.get(key) ?? new Set()).add(e.device));
            last.set(`${e.device}:${key}`, e.value);
          }
          // Deliver each device's updates to the other in a shuffled order with duplicates.
          const all = [
            ...(updates[0] ?? []).map((u) => [1, u] as const),
            ...(updates[1] ?? []).map((u) => [0, u] as const),
          ];
          for (const i of order)
            if (all.length)
              Y.applyUpdate(devices[all[i % all.length]![0]] as Y.Doc, all[i % all.length]![1]);
          for (const [to, u] of all) Y.applyUpdate(devices[to] as Y.Doc, u);
          const [a, b] = devices.map((d) => new SubmissionDoc(d as Y.Doc)) as [
            SubmissionDoc,
            SubmissionDoc,
          ];
          expect(a.periods()).toEqual(b.periods());
          for (const p of a.periods()) {
            expect(a.answers(p)).toEqual(b.answers(p));
            expect(answersDigest(a.answers(p))).toBe(answersDigest(b.answers(p)));
          }
          for (const [key, devs] of touched) {
            if (devs.size !== 1) continue;
            const [period, q] = key.split('/') as [string, string];
            const expected = last.get(`${[...devs][0]}:${key}`);
            expect(a.answers(period)[q] ?? null).toEqual(expected ?? null);
          }
        },
      ),
      fcOptions('submission convergence'),
    );
  });

  it('digest ignores key order and changes with any value', () => {
    expect(answersDigest({ a: 1, b: { x: [1, 2], y: 'z' } })).toBe(
      answersDigest({ b: { y: 'z', x: [1, 2] }, a: 1 }),
    );
    expect(answersDigest({ a: 1 })).not.toBe(answersDigest({ a: 2 }));
    expect(answersDigest({ a: '1' })).not.toBe(answersDigest({ a: 1 }));
  });
});

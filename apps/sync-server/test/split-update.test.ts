/**
 * splitUpdate: big states go out in parts below the frame limit, and the parts rebuild exactly
 * the same document, in order or shuffled (Yjs keeps what arrives early until its dependencies do).
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { splitUpdate } from '../src/split-update';

type Op =
  | { kind: 'text'; at: number; text: string }
  | { kind: 'del'; at: number; len: number }
  | { kind: 'map'; key: string; value: unknown }
  | { kind: 'array'; values: unknown[] }
  | { kind: 'bytes'; size: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    at: fc.nat(),
    // Full Unicode: surrogate pairs must never be cut in half.
    text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
  }),
  fc.record({
    kind: fc.constant('del' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('map' as const),
    key: fc.string({ minLength: 1, maxLength: 3 }),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({
    kind: fc.constant('array' as const),
    values: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 50 })), { maxLength: 30 }),
  }),
  fc.record({ kind: fc.constant('bytes' as const), size: fc.integer({ min: 1, max: 100 }) }),
);

function apply(doc: Y.Doc, o: Op): void {
  const t = doc.getText('t');
  switch (o.kind) {
    case 'text':
      t.insert(o.at % (t.length + 1), o.text);
      return;
    case 'del':
      if (t.length > 0) t.delete(o.at % t.length, Math.min(o.len, t.length - (o.at % t.length)));
      return;
    case 'map':
      doc.getMap('m').set(o.key, o.value);
      return;
    case 'array':
      doc.getArray('a').push(o.values);
      return;
    case 'bytes':
      doc.getArray('b').push([new Uint8Array(o.size).fill(7)]);
      return;
  }
}

function state(doc: Y.Doc): unknown {
  return {
    t: doc.getText('t').toString(),
    m: doc.getMap('m').toJSON(),
    a: doc.getArray('a').toJSON(),
    b: doc.getArray('b').length,
    sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
  };
}

/** True when `part` holds one struct whose content is a single value (nothing to cut at). */
function singleUncuttableValue(part: Uint8Array): boolean {
  const { structs } = Y.decodeUpdate(part);
  const only = structs.length === 1 ? structs[0] : undefined;
  return only instanceof Y.Item && only.content.getLength() === 1;
}

describe('splitUpdate', () => {
  it('[property] parts stay under the limit and rebuild the same document, in order or shuffled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 200, max: 2000 }),
        fc.nat(),
        (sessions, maxBytes, seed) => {
          // Several clients editing the same doc, so origins cross clients.
          const doc = new Y.Doc();
          for (const ops of sessions) {
            const other = new Y.Doc();
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
            for (const o of ops) apply(other, o);
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
          }
          const full = Y.encodeStateAsUpdate(doc);
          const parts = splitUpdate(full, maxBytes);
          for (const p of parts) {
            // The one documented exception: a single value too big to cut travels whole.
            if (p.length > maxBytes) expect(singleUncuttableValue(p)).toBe(true);
          }
          const inOrder = new Y.Doc();
          for (const p of parts) Y.applyUpdate(inOrder, p);
          expect(state(inOrder)).toEqual(state(doc));
          const shuffled = new Y.Doc();
          const order = parts.map((p, i) => ({ p, k: (i * 7919 + seed) % 104729 }));
          order.sort((a, b) => a.k - b.k);
          for (const { p } of order) Y.applyUpdate(shuffled, p);
          expect(state(shuffled)).toEqual(state(doc));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('cuts one long typed text (a single struct) into parts, with no replacement characters', () => {
    const doc = new Y.Doc();
    const text = '中文😀abc'.repeat(20_000);
    doc.getText('t').insert(0, text);
    const full = Y.encodeStateAsUpdate(doc);
    expect(Y.decodeUpdate(full).structs).toHaveLength(1);
    const parts = splitUpdate(full, 16 * 1024);
    expect(parts.length).toBeGreaterThan(full.length / (16 * 1024));
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(16 * 1024);
    const copy = new Y.Doc();
    for (const p of parts) Y.applyUpdate(copy, p);
    expect(copy.getText('t').toString()).toBe(text);
  });

  it('leaves an update under the limit untouched', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'small');
    const full = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(full, 1024)).toEqual([full]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMusterError } from './errors';
import { newId } from './ids';
import { MAX_ROOM_NAME_LENGTH, roomName, type Room } from './room-name';

const ws = newId();
const a = newId();
const b = newId();

describe('roomName', () => {
  it('builds and parses every room kind', () => {
    const rooms: Room[] = [
      { kind: 'index', ws },
      { kind: 'doc', ws, id: a },
      { kind: 'table', ws, id: a },
      { kind: 'form', ws, id: a },
      { kind: 'sub', ws, form: a, respondent: b },
    ];
    for (const room of rooms) expect(roomName.parse(roomName.build(room))).toEqual(room);
    expect(roomName.build({ kind: 'sub', ws, form: a, respondent: b })).toBe(
      `ws/${ws}/sub/${a}/${b}`,
    );
  });

  it('rejects anything else with InvalidRoomName, never sanitising', () => {
    const bad = [
      '',
      'ws',
      `ws/${ws}`,
      `ws/${ws}/index/`,
      `/ws/${ws}/index`,
      `ws/${ws}/doc`,
      `ws/${ws}/doc/${a}/extra`,
      `ws/${ws}/sub/${a}`,
      `ws/${ws}/thing/${a}`,
      `ws/${ws}/DOC/${a}`,
      `ws/${ws}/doc/${a}%2F`,
      `ws/${ws}/doc/../${a}`,
      `ws/short/index`,
      `ws/${ws}/index\n`,
      ` ws/${ws}/index`,
      `ws/${ws}/doc/${a}?x=1`,
      `ws/${'x'.repeat(40)}/index`,
    ];
    for (const name of bad) {
      const r = roomName.validate(name);
      expect(r.ok, name).toBe(false);
      expect(() => roomName.parse(name)).toThrowError(/Invalid room name/);
    }
    expect(roomName.validate(123).ok).toBe(false);
    expect(() => roomName.build({ kind: 'doc', ws, id: 'bad id' })).toThrow();
  });

  it('property: a string is accepted exactly when it re-builds to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (s) => {
        const r = roomName.validate(s);
        if (r.ok) expect(roomName.build(r.value)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('property: mutated valid names are either rejected or parse to a consistent room', () => {
    const name = roomName.build({ kind: 'sub', ws, form: a, respondent: b });
    fc.assert(
      fc.property(
        fc.nat({ max: name.length - 1 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (i, ins) => {
          const mutated = name.slice(0, i) + ins + name.slice(i + 1);
          const r = roomName.validate(mutated);
          if (r.ok) expect(roomName.build(r.value)).toBe(mutated);
          else expect(isMusterError(r.error, 'InvalidRoomName')).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('has a maximum length', () => {
    const longest = roomName.build({
      kind: 'sub',
      ws: 'a'.repeat(32),
      form: 'b'.repeat(32),
      respondent: 'c'.repeat(32),
    });
    expect(longest.length).toBe(MAX_ROOM_NAME_LENGTH);
    expect(roomName.validate(longest + 'x').ok).toBe(false);
  });
});

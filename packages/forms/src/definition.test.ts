import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { FormDefinition } from './definition';
import { isFormsError } from './errors';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('FormDefinition', () => {
  it('keeps concurrent edits to different questions on two replicas', () => {
    const a = new FormDefinition(new Y.Doc());
    const q1 = a.addQuestion({ type: 'shortText', title: 'Name' });
    const q2 = a.addQuestion({ type: 'temperature', title: 'Temp' });
    const b = new FormDefinition(new Y.Doc());
    sync(a.doc, b.doc);
    a.updateQuestion(q1, { title: '姓名', required: true });
    b.updateQuestion(q2, { title: '体温' });
    const q3 = b.addQuestion({ type: 'yesNo', title: 'Contact?' });
    const q4 = a.addQuestion({ type: 'rating', title: 'Mood' }, { before: q1 });
    sync(a.doc, b.doc);
    for (const f of [a, b]) {
      expect(f.questions().map((q) => [q.id, q.title])).toEqual(
        b.questions().map((q) => [q.id, q.title]),
      );
      expect(f.question(q1)?.title).toBe('姓名');
      expect(f.question(q2)?.title).toBe('体温');
      expect(f.questions().map((q) => q.id)).toContain(q3);
      expect(f.questions()[0]?.id).toBe(q4);
    }
  });

  it('lists a question moved on two replicas at once only once', () => {
    const a = new FormDefinition(new Y.Doc());
    const ids = ['x', 'y', 'z'].map((t) => a.addQuestion({ type: 'shortText', title: t }));
    const b = new FormDefinition(new Y.Doc());
    sync(a.doc, b.doc);
    a.moveQuestion(ids[2] as string, ids[0]);
    b.moveQuestion(ids[2] as string);
    sync(a.doc, b.doc);
    expect(
      a
        .questions()
        .map((q) => q.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(a.questions().map((q) => q.id)).toEqual(b.questions().map((q) => q.id));
  });

  it('refuses malformed questions with a message naming the field', () => {
    const f = new FormDefinition(new Y.Doc());
    expect(() => f.addQuestion({ type: 'number', title: 'n', min: 5, max: 1 })).toThrow(
      /min 5 is greater than max 1/,
    );
    try {
      f.addQuestion({ type: 'idCode', title: 'code', pattern: '([' });
      expect.unreachable();
    } catch (e) {
      expect(isFormsError(e, 'InvalidDefinition')).toBe(true);
      expect((e as Error).message).toMatch(/pattern.*valid regular expression/);
    }
    expect(() => f.addQuestion({ type: 'shortText', title: 'x', id: 'muster-respondent' })).toThrow(
      /not starting with "muster"/,
    );
  });

  it('snapshot falls back to defaults and carries schedule and audience', () => {
    const f = new FormDefinition(new Y.Doc());
    expect(f.snapshot()).toMatchObject({
      title: '',
      schedule: { kind: 'once' },
      audience: { anyone: true },
      anonymous: false,
      tableId: null,
    });
    f.setMeta({ title: ' 打卡 ', anonymous: true });
    f.setAudience({ anyone: false, departments: [], people: [] });
    expect(f.snapshot()).toMatchObject({
      title: '打卡',
      anonymous: true,
      audience: { anyone: false },
    });
    expect(() => f.setSchedule({ kind: 'daily', timeZone: 'Mars/Base' } as never)).toThrow(
      /Invalid schedule/,
    );
  });
});

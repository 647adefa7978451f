import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { formFromSnapshot } from './definition';
import { instantiateTemplate, templateKeys } from './templates';
import { buildValidator } from './validator';

describe('shipped templates', () => {
  it('has the four templates in zh-CN and English with the same structure', () => {
    expect(templateKeys()).toEqual([
      'healthCheckIn',
      'returnToWork',
      'workLog',
      'noticeAcknowledgement',
    ]);
    for (const key of templateKeys()) {
      const zh = instantiateTemplate(key, 'zh-CN', { timeZone: 'Asia/Shanghai' });
      const en = instantiateTemplate(key, 'en', { timeZone: 'Asia/Shanghai' });
      expect(zh.questions.map((q) => q.type)).toEqual(en.questions.map((q) => q.type));
      expect(zh.title).not.toBe(en.title);
      expect(zh.questions[0]?.title).toMatch(/[\u4e00-\u9fff]/);
      expect(en.questions[0]?.title).toMatch(/^[\x20-\x7e]+$/);
      // Every question parses as part of a real form definition.
      const form = formFromSnapshot(new Y.Doc(), zh);
      expect(form.questions()).toHaveLength(zh.questions.length);
    }
  });

  it('gives every instance fresh ids', () => {
    const a = instantiateTemplate('healthCheckIn', 'en', { timeZone: 'UTC' });
    const b = instantiateTemplate('healthCheckIn', 'en', { timeZone: 'UTC' });
    expect(a.questions[0]?.id).not.toBe(b.questions[0]?.id);
  });

  it('health check-in accepts a typical answer and rejects a fever reading out of range', () => {
    const t = instantiateTemplate('healthCheckIn', 'zh-CN', { timeZone: 'Asia/Shanghai' });
    const [temp, symptoms, location, contact, mode] = t.questions;
    const none = symptoms?.type === 'multipleChoice' ? symptoms.choices[0]?.id : '';
    const remote = mode?.type === 'singleChoice' ? mode.choices[1]?.id : '';
    const validate = buildValidator(t.questions);
    const good = {
      [temp?.id as string]: 36.5,
      [symptoms?.id as string]: { choices: [none] },
      [location?.id as string]: { text: '家中', region: ['湖北省', '武汉市'] },
      [contact?.id as string]: false,
      [mode?.id as string]: remote,
    };
    expect(validate(good).ok).toBe(true);
    const bad = validate({ ...good, [temp?.id as string]: 45.2 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.message['zh-CN']).toMatch(/34.0–43.0/);
  });

  it('work log asks for blockers only when blocked', () => {
    const t = instantiateTemplate('workLog', 'en', { timeZone: 'Asia/Shanghai' });
    const [customers, progress, plan, blocked, blockers] = t.questions;
    const validate = buildValidator(t.questions);
    const base = {
      [customers?.id as string]: 3,
      [progress?.id as string]: 'ok',
      [plan?.id as string]: 'more',
    };
    expect(validate({ ...base, [blocked?.id as string]: false }).ok).toBe(true);
    const r = validate({ ...base, [blocked?.id as string]: true });
    expect(r.ok ? [] : r.errors.map((e) => e.questionId)).toEqual([blockers?.id]);
    expect(t.schedule).toMatchObject({
      kind: 'daily',
      skipWeekends: true,
      timeZone: 'Asia/Shanghai',
    });
  });
});

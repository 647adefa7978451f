import { dailySchedule, localDateAt } from '@muster/core';
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fcOptions, FIXED_ID } from '../test/support';
import type { Question } from './questions';
import { currentPeriod, isEditable, prefillAnswers } from './schedule';
import { SubmissionDoc } from './submission';

const HOUR = 3_600_000;

describe('period keys at DST and midnight edges', () => {
  it('switches keys exactly at local midnight, including on DST days (New York)', () => {
    const s = dailySchedule('America/New_York');
    // 2026-03-08: clocks jump 02:00 → 03:00 (EST → EDT); midnight is 05:00Z.
    const midnight = Date.UTC(2026, 2, 8, 5, 0);
    expect(currentPeriod(s, midnight - 1)?.key).toBe('2026-03-07');
    expect(currentPeriod(s, midnight)?.key).toBe('2026-03-08');
    const spring = currentPeriod(s, midnight + 2.5 * HOUR);
    expect(spring?.key).toBe('2026-03-08');
    expect((spring?.closesAt as number) - (spring?.opensAt as number)).toBe(23 * HOUR);
    // 2026-11-01: 02:00 EDT → 01:00 EST; the day lasts 25 hours; 01:30 happens twice.
    const fall = currentPeriod(s, Date.UTC(2026, 10, 1, 5, 30));
    expect(fall?.key).toBe('2026-11-01');
    expect((fall?.closesAt as number) - (fall?.opensAt as number)).toBe(25 * HOUR);
    expect(currentPeriod(s, Date.UTC(2026, 10, 1, 6, 30))?.key).toBe('2026-11-01');
    expect(currentPeriod(s, Date.UTC(2026, 10, 2, 5, 0) - 1)?.key).toBe('2026-11-01');
    expect(currentPeriod(s, Date.UTC(2026, 10, 2, 5, 0))?.key).toBe('2026-11-02');
  });

  it('keeps a window that runs past midnight on the day it opened (Shanghai 20:00–02:00)', () => {
    const s = dailySchedule('Asia/Shanghai', { openTime: '20:00', closeTime: '02:00' });
    // 2026-11-22 01:30 in Shanghai is 2026-11-21 17:30Z: still the 21st's period.
    const p = currentPeriod(s, Date.UTC(2026, 10, 21, 17, 30));
    expect(p).toMatchObject({ key: '2026-11-21', status: 'open' });
    expect(isEditable(s, '2026-11-21', Date.UTC(2026, 10, 21, 17, 59, 59, 999))).toBe(true);
    expect(isEditable(s, '2026-11-21', Date.UTC(2026, 10, 21, 18, 0))).toBe(false);
    expect(isEditable(s, '2026-11-22', Date.UTC(2026, 10, 21, 18, 0))).toBe(false);
  });

  it('assigns every instant to the local day it falls in, in several zones', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'America/Santiago',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (tz, t) => {
          const p = currentPeriod(dailySchedule(tz), t);
          expect(p?.key).toBe(localDateAt(t, tz));
          expect(p?.status).toBe('open');
          expect(p?.opensAt as number).toBeLessThanOrEqual(t);
          expect(p?.closesAt as number).toBeGreaterThan(t);
        },
      ),
      fcOptions('period keys by zone'),
    );
  });
});

describe('prefill ("same as last time")', () => {
  it('copies last period answers for marked questions and defaults for the rest', () => {
    const LOC = FIXED_ID('loc');
    const TEMP = FIXED_ID('temp');
    const MODE = FIXED_ID('mode');
    const questions: Question[] = [
      { id: LOC, type: 'location', title: '当前所在地', prefillFromLast: true },
      { id: TEMP, type: 'temperature', title: '体温' },
      { id: MODE, type: 'yesNo', title: '现场办公', defaultValue: true, prefillFromLast: true },
    ];
    const s = dailySchedule('Asia/Shanghai', { skipWeekends: true });
    const sub = new SubmissionDoc(new Y.Doc());
    // Friday's answers prefill Monday (the weekend is skipped).
    sub.setAnswers('2026-11-20', {
      [LOC]: { text: '家', region: ['湖北省', '武汉市'] },
      [TEMP]: 36.5,
    });
    expect(prefillAnswers(questions, s, sub, '2026-11-23')).toEqual({
      [LOC]: { text: '家', region: ['湖北省', '武汉市'] },
      [MODE]: true,
    });
  });
});

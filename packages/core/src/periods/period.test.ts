import { describe, expect, it } from 'vitest';
import { isMusterError } from '../errors';
import { dailySchedule, parseSchedule, type WeeklySchedule } from './schedule';
import {
  isPeriodKey,
  nextPeriodKey,
  periodAt,
  periodKeysBetween,
  periodWindow,
  previousPeriodKey,
} from './period';
import { instantAt, isoWeekKey, localDateAt, mondayOfWeek } from './calendar';

const at = (iso: string) => Date.parse(iso);
const hours = (w: { opensAt: number | null; closesAt: number | null }) =>
  ((w.closesAt as number) - (w.opensAt as number)) / 3_600_000;

describe('daily periods', () => {
  it('key is the local day in the schedule time zone, not UTC', () => {
    const s = dailySchedule('Asia/Shanghai');
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(periodAt(s, at('2026-11-21T16:30:00Z'))?.key).toBe('2026-11-22');
    expect(periodAt(s, at('2026-11-21T15:59:59Z'))?.key).toBe('2026-11-21');
    expect(periodAt(s, at('2026-11-21T16:00:00Z'))?.key).toBe('2026-11-22');
  });

  it('a whole-day window is 23 h and 25 h on DST change days', () => {
    const ny = dailySchedule('America/New_York');
    expect(hours(periodWindow(ny, '2026-03-08'))).toBe(23);
    expect(hours(periodWindow(ny, '2026-11-01'))).toBe(25);
    expect(hours(periodWindow(ny, '2026-11-02'))).toBe(24);
    const berlin = dailySchedule('Europe/Berlin');
    expect(hours(periodWindow(berlin, '2026-03-29'))).toBe(23);
    expect(hours(periodWindow(berlin, '2026-10-25'))).toBe(25);
  });

  it('open/close times are wall-clock times, also across DST', () => {
    const s = dailySchedule('Europe/Berlin', { openTime: '06:00', closeTime: '10:00' });
    expect(periodWindow(s, '2026-03-28').opensAt).toBe(at('2026-03-28T05:00:00Z')); // CET
    expect(periodWindow(s, '2026-03-30').opensAt).toBe(at('2026-03-30T04:00:00Z')); // CEST
    expect(periodAt(s, at('2026-03-30T04:30:00Z'))).toMatchObject({
      key: '2026-03-30',
      status: 'open',
    });
    expect(periodAt(s, at('2026-03-30T03:59:00Z'))?.status).toBe('upcoming');
    expect(periodAt(s, at('2026-03-30T08:00:00Z'))?.status).toBe('closed');
  });

  it('a wall time inside the DST gap opens at the first instant after it', () => {
    const s = dailySchedule('America/New_York', { openTime: '02:30', closeTime: '05:00' });
    const w = periodWindow(s, '2026-03-08');
    expect(w.opensAt).toBe(at('2026-03-08T07:30:00Z')); // 03:30 EDT
    expect(w.closesAt).toBe(at('2026-03-08T09:00:00Z')); // 05:00 EDT
  });

  it('a window past midnight keeps yesterday open until it closes', () => {
    const s = dailySchedule('Asia/Shanghai', { openTime: '20:00', closeTime: '02:00' });
    // 01:30 Shanghai on the 22nd: still the 21st's period.
    expect(periodAt(s, at('2026-11-21T17:30:00Z'))).toMatchObject({
      key: '2026-11-21',
      status: 'open',
    });
    // 02:30: the 21st has closed; the 22nd's opens at 20:00.
    expect(periodAt(s, at('2026-11-21T18:30:00Z'))).toMatchObject({
      key: '2026-11-22',
      status: 'upcoming',
    });
    expect(hours(periodWindow(s, '2026-11-21'))).toBe(6);
    // 00:00 close means midnight at the end of the day.
    const m = dailySchedule('Asia/Shanghai', { openTime: '08:00', closeTime: '00:00' });
    expect(periodWindow(m, '2026-11-21').closesAt).toBe(at('2026-11-21T16:00:00Z'));
  });

  it('skips weekends, holidays and days outside start/end', () => {
    const s = dailySchedule('Asia/Shanghai', {
      skipWeekends: true,
      holidays: ['2026-10-01', '2026-10-02'],
      startDate: '2026-09-28',
      endDate: '2026-10-31',
    });
    expect(periodAt(s, at('2026-11-21T04:00:00Z'))).toBeNull(); // a Saturday, and after the end
    expect(isPeriodKey(s, '2026-10-03')).toBe(false); // Saturday
    expect(isPeriodKey(s, '2026-10-01')).toBe(false); // holiday
    expect(isPeriodKey(s, '2026-09-30')).toBe(true);
    expect(isPeriodKey(s, '2026-09-27')).toBe(false); // before the start
    expect(nextPeriodKey(s, '2026-09-30')).toBe('2026-10-05');
    expect(previousPeriodKey(s, '2026-10-05')).toBe('2026-09-30');
    expect(previousPeriodKey(s, '2026-09-28')).toBeNull();
    expect(periodKeysBetween(s, '2026-09-28', '2026-10-06')).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-05',
      '2026-10-06',
    ]);
  });

  it('refuses keys that are not periods', () => {
    const s = dailySchedule('UTC');
    for (const bad of ['2026-02-30', '2026-2-3', 'once', '', '2026-W01']) {
      expect(isPeriodKey(s, bad)).toBe(false);
      expect(() => periodWindow(s, bad)).toThrow(/is not a period/);
    }
  });
});

describe('weekly and once periods', () => {
  const weekly: WeeklySchedule = {
    kind: 'weekly',
    timeZone: 'Asia/Shanghai',
    openWeekday: 1,
    openTime: '09:00',
    closeWeekday: 5,
    closeTime: '18:00',
  };

  it('uses ISO weeks, including years whose week 1 starts in December', () => {
    expect(isoWeekKey('2026-11-21')).toBe('2026-W47');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect(mondayOfWeek('2025-W01')).toBe('2024-12-30');
    expect(mondayOfWeek('2025-W53')).toBeNull(); // 2025 has 52 weeks
  });

  it('opens Monday 09:00 and closes Friday 18:00 local time', () => {
    const w = periodWindow(weekly, '2026-W47');
    expect(w.opensAt).toBe(at('2026-11-16T01:00:00Z'));
    expect(w.closesAt).toBe(at('2026-11-20T10:00:00Z'));
    expect(periodAt(weekly, at('2026-11-18T00:00:00Z'))).toMatchObject({
      key: '2026-W47',
      status: 'open',
    });
    expect(periodAt(weekly, at('2026-11-21T00:00:00Z'))).toMatchObject({
      key: '2026-W47',
      status: 'closed',
    });
    expect(previousPeriodKey(weekly, '2026-W01')).toBe('2025-W52');
  });

  it('a weekly window that wraps past Sunday belongs to the week it opened in', () => {
    const wrap: WeeklySchedule = {
      ...weekly,
      openWeekday: 5,
      openTime: '18:00',
      closeWeekday: 1,
      closeTime: '09:00',
    };
    // Sunday 2026-11-22 noon Shanghai: the window opened Friday the 20th (week 47).
    expect(periodAt(wrap, at('2026-11-22T04:00:00Z'))).toMatchObject({
      key: '2026-W47',
      status: 'open',
    });
  });

  it('once: one period with optional bounds', () => {
    const s = {
      kind: 'once' as const,
      opensAt: at('2026-11-21T00:00:00Z'),
      closesAt: at('2026-11-22T00:00:00Z'),
    };
    expect(periodAt(s, at('2026-11-21T12:00:00Z'))).toMatchObject({ key: 'once', status: 'open' });
    expect(periodAt(s, at('2026-11-22T00:00:00Z'))?.status).toBe('closed');
    expect(previousPeriodKey(s, 'once')).toBeNull();
    expect(periodAt({ kind: 'once', opensAt: null, closesAt: null }, 0)?.status).toBe('open');
  });
});

describe('parseSchedule', () => {
  it('accepts valid schedules and names the bad field otherwise', () => {
    expect(parseSchedule(dailySchedule('Asia/Shanghai')).ok).toBe(true);
    const cases: [unknown, RegExp][] = [
      [{ ...dailySchedule('UTC'), timeZone: 'Mars/Olympus' }, /timeZone.*IANA/],
      [{ ...dailySchedule('UTC'), openTime: '25:00' }, /openTime/],
      [{ ...dailySchedule('UTC'), holidays: ['2026-02-30'] }, /holidays/],
      [{ ...dailySchedule('UTC'), extra: 1 }, /Invalid schedule/],
      [{ kind: 'once', opensAt: 10, closesAt: 5 }, /closes before it opens/],
      [
        {
          kind: 'weekly',
          timeZone: 'UTC',
          openWeekday: 8,
          openTime: '09:00',
          closeWeekday: 1,
          closeTime: '10:00',
        },
        /openWeekday/,
      ],
      [{ kind: 'hourly' }, /Invalid schedule/],
      [null, /Invalid schedule/],
    ];
    for (const [input, message] of cases) {
      const r = parseSchedule(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(isMusterError(r.error, 'InvalidArgument')).toBe(true);
        expect(r.error.message).toMatch(message);
      }
    }
  });

  it('local day and instant helpers invert each other', () => {
    for (const tz of [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/Berlin',
      'Pacific/Auckland',
      'UTC',
    ]) {
      const ms = instantAt('2026-03-29', 12 * 60, tz);
      expect(localDateAt(ms, tz)).toBe('2026-03-29');
    }
  });
});

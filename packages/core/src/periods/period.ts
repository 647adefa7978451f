import { ErrorCode, MusterError, unexpectedCase } from '../errors';
import {
  addDaysTo,
  instantAt,
  isoWeekday,
  isoWeekKey,
  localDateAt,
  mondayOfWeek,
  parsePlainDate,
  parseTimeOfDay,
  type PlainDate,
} from './calendar';
import type { DailySchedule, Schedule, WeeklySchedule } from './schedule';

/** The key of a once-only form's single period. */
export const ONCE_PERIOD_KEY = 'once';

/** When a period accepts submissions: [opensAt, closesAt) in epoch ms (null = unbounded). */
export interface PeriodWindow {
  opensAt: number | null;
  closesAt: number | null;
}

export type PeriodStatus = 'upcoming' | 'open' | 'closed';

export interface Period extends PeriodWindow {
  key: string;
  status: PeriodStatus;
}

// Daily and weekly schedules skip at most this many periods in a row (a year of holidays).
const MAX_SKIP = 400;

function minutes(time: string): number {
  return parseTimeOfDay(time) as number;
}

function dailyWindow(s: DailySchedule, date: PlainDate): PeriodWindow {
  const open = minutes(s.openTime);
  const close = minutes(s.closeTime);
  return {
    opensAt: instantAt(date, open, s.timeZone),
    closesAt: instantAt(close > open ? date : addDaysTo(date, 1), close, s.timeZone),
  };
}

function weeklyWindow(s: WeeklySchedule, monday: PlainDate): PeriodWindow {
  const openDay = addDaysTo(monday, s.openWeekday - 1);
  const openMin = minutes(s.openTime);
  const closeOffset = s.closeWeekday - s.openWeekday;
  const closeMin = minutes(s.closeTime);
  const closeDays =
    closeOffset > 0 || (closeOffset === 0 && closeMin > openMin) ? closeOffset : closeOffset + 7;
  return {
    opensAt: instantAt(openDay, openMin, s.timeZone),
    closesAt: instantAt(addDaysTo(openDay, closeDays), closeMin, s.timeZone),
  };
}

/** True when a daily schedule collects on `date`. */
export function isCollectionDay(s: DailySchedule, date: PlainDate): boolean {
  if (s.startDate !== null && date < s.startDate) return false;
  if (s.endDate !== null && date > s.endDate) return false;
  if (s.skipWeekends && isoWeekday(date) >= 6) return false;
  return !s.holidays.includes(date);
}

/** True when `key` names a period of this schedule (well-formed and collected). */
export function isPeriodKey(s: Schedule, key: unknown): key is string {
  if (typeof key !== 'string') return false;
  switch (s.kind) {
    case 'once':
      return key === ONCE_PERIOD_KEY;
    case 'daily':
      return parsePlainDate(key) !== null && isCollectionDay(s, key);
    case 'weekly':
      return mondayOfWeek(key) !== null;
    default:
      return unexpectedCase(s);
  }
}

/** The window of period `key`; throws `InvalidArgument` when the key is not a period of `s`. */
export function periodWindow(s: Schedule, key: string): PeriodWindow {
  if (!isPeriodKey(s, key)) {
    throw new MusterError(
      ErrorCode.InvalidArgument,
      `${JSON.stringify(key)} is not a period of this ${s.kind} schedule.`,
      key,
    );
  }
  switch (s.kind) {
    case 'once':
      return { opensAt: s.opensAt, closesAt: s.closesAt };
    case 'daily':
      return dailyWindow(s, key);
    case 'weekly':
      return weeklyWindow(s, mondayOfWeek(key) as PlainDate);
    default:
      return unexpectedCase(s);
  }
}

function statusAt(w: PeriodWindow, ms: number): PeriodStatus {
  if (w.opensAt !== null && ms < w.opensAt) return 'upcoming';
  if (w.closesAt !== null && ms >= w.closesAt) return 'closed';
  return 'open';
}

function contains(w: PeriodWindow, ms: number): boolean {
  return statusAt(w, ms) === 'open';
}

/**
 * The period a submission made at instant `ms` belongs to: the open period if one is open, else
 * the period of that day or week (upcoming or closed). Null on days a daily schedule skips.
 *
 * @example
 * periodAt(dailySchedule('Asia/Shanghai', { openTime: '06:00', closeTime: '10:00' }), Date.now())
 * // → { key: '2026-11-22', opensAt, closesAt, status: 'open' }
 */
export function periodAt(s: Schedule, ms: number): Period | null {
  switch (s.kind) {
    case 'once':
      return {
        key: ONCE_PERIOD_KEY,
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        status: statusAt(s, ms),
      };
    case 'daily': {
      const today = localDateAt(ms, s.timeZone);
      // A window that runs past midnight may still hold yesterday's period open.
      const yesterday = addDaysTo(today, -1);
      if (isCollectionDay(s, yesterday)) {
        const w = dailyWindow(s, yesterday);
        if (contains(w, ms)) return { key: yesterday, ...w, status: 'open' };
      }
      if (!isCollectionDay(s, today)) return null;
      const w = dailyWindow(s, today);
      return { key: today, ...w, status: statusAt(w, ms) };
    }
    case 'weekly': {
      const thisWeek = isoWeekKey(localDateAt(ms, s.timeZone));
      const lastWeek = isoWeekKey(addDaysTo(mondayOfWeek(thisWeek) as PlainDate, -7));
      const lw = weeklyWindow(s, mondayOfWeek(lastWeek) as PlainDate);
      if (contains(lw, ms)) return { key: lastWeek, ...lw, status: 'open' };
      const w = weeklyWindow(s, mondayOfWeek(thisWeek) as PlainDate);
      return { key: thisWeek, ...w, status: statusAt(w, ms) };
    }
    default:
      return unexpectedCase(s);
  }
}

/** The period before `key` (skipping days a daily schedule skips), or null for a once schedule. */
export function previousPeriodKey(s: Schedule, key: string): string | null {
  return stepPeriod(s, key, -1);
}

/** The period after `key`, or null for a once schedule. */
export function nextPeriodKey(s: Schedule, key: string): string | null {
  return stepPeriod(s, key, 1);
}

function stepPeriod(s: Schedule, key: string, dir: 1 | -1): string | null {
  switch (s.kind) {
    case 'once':
      return null;
    case 'daily': {
      if (parsePlainDate(key) === null) {
        throw new MusterError(
          ErrorCode.InvalidArgument,
          `${JSON.stringify(key)} is not a YYYY-MM-DD period key.`,
          key,
        );
      }
      let d = key;
      for (let i = 0; i < MAX_SKIP; i++) {
        d = addDaysTo(d, dir);
        if (s.startDate !== null && dir < 0 && d < s.startDate) return null;
        if (s.endDate !== null && dir > 0 && d > s.endDate) return null;
        if (isCollectionDay(s, d)) return d;
      }
      return null;
    }
    case 'weekly': {
      const monday = mondayOfWeek(key);
      if (monday === null) {
        throw new MusterError(
          ErrorCode.InvalidArgument,
          `${JSON.stringify(key)} is not a YYYY-Www period key.`,
          key,
        );
      }
      return isoWeekKey(addDaysTo(monday, 7 * dir));
    }
    default:
      return unexpectedCase(s);
  }
}

/** Period keys from `fromKey` to `toKey` inclusive, oldest first (at most `limit`). */
export function periodKeysBetween(
  s: Schedule,
  fromKey: string,
  toKey: string,
  limit = 1000,
): string[] {
  if (s.kind === 'once')
    return fromKey === ONCE_PERIOD_KEY && toKey === ONCE_PERIOD_KEY ? [ONCE_PERIOD_KEY] : [];
  const out: string[] = [];
  let k: string | null = isPeriodKey(s, fromKey) ? fromKey : nextPeriodKey(s, fromKey);
  while (k !== null && k <= toKey && out.length < limit) {
    out.push(k);
    k = nextPeriodKey(s, k);
  }
  return out;
}

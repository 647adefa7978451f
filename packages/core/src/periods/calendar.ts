import { TZDate } from '@date-fns/tz';
import { addDays, getISOWeek, getISOWeekYear, setISOWeek, startOfISOWeek } from 'date-fns';

/** A calendar day, `YYYY-MM-DD`, with no time zone of its own. */
export type PlainDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** Parses `YYYY-MM-DD`, returning null unless it is a real calendar day. */
export function parsePlainDate(s: unknown): { y: number; m: number; d: number } | null {
  if (typeof s !== 'string') return null;
  const match = DATE_RE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d)
    return null;
  return { y, m, d };
}

/** Parses `HH:mm` (00:00–23:59) into minutes after midnight, or null. */
export function parseTimeOfDay(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const match = TIME_RE.exec(s);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function formatDate(date: Date): PlainDate {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The calendar day in `timeZone` at instant `ms`. */
export function localDateAt(ms: number, timeZone: string): PlainDate {
  return formatDate(new TZDate(ms, timeZone));
}

/**
 * The instant at which the wall clock in `timeZone` shows `minutes` after midnight on `date`.
 * In a DST gap (a wall time that does not exist) it is the first instant after the gap; in an
 * overlap it is the earlier of the two.
 */
export function instantAt(date: PlainDate, minutes: number, timeZone: string): number {
  const p = parsePlainDate(date);
  if (!p) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return new TZDate(
    p.y,
    p.m - 1,
    p.d,
    Math.floor(minutes / 60),
    minutes % 60,
    0,
    0,
    timeZone,
  ).getTime();
}

/** `date` plus `days` calendar days. */
export function addDaysTo(date: PlainDate, days: number): PlainDate {
  const p = parsePlainDate(date);
  if (!p) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return formatDate(addDays(new TZDate(p.y, p.m - 1, p.d, 12, 0, 0, 0, 'UTC'), days));
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: PlainDate): number {
  const p = parsePlainDate(date);
  if (!p) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** ISO week key of a calendar day, e.g. `2026-W47`. */
export function isoWeekKey(date: PlainDate): string {
  const p = parsePlainDate(date);
  if (!p) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  const d = new TZDate(p.y, p.m - 1, p.d, 12, 0, 0, 0, 'UTC');
  return `${pad(getISOWeekYear(d), 4)}-W${pad(getISOWeek(d))}`;
}

/** The Monday of an ISO week key, or null when the key is malformed or out of range. */
export function mondayOfWeek(key: string): PlainDate | null {
  const match = WEEK_RE.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) return null;
  // Jan 4th is always in week 1 of its ISO year.
  const jan4 = new TZDate(year, 0, 4, 12, 0, 0, 0, 'UTC');
  const monday = formatDate(startOfISOWeek(setISOWeek(jan4, week)));
  return isoWeekKey(monday) === key ? monday : null;
}

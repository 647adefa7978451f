import {
  addDaysTo,
  isCollectionDay,
  isoWeekKey,
  localDateAt,
  ONCE_PERIOD_KEY,
  type Schedule,
} from '@muster/core';

/** The period key a calendar day falls in: the day (daily), its ISO week (weekly), or `once`. */
export function periodForDate(schedule: Schedule, date: string): string {
  if (schedule.kind === 'once') return ONCE_PERIOD_KEY;
  if (schedule.kind === 'weekly') return isoWeekKey(date);
  return date;
}

/** Today's period in the schedule's time zone (the dashboard opens on it). */
export function todaysPeriod(schedule: Schedule, now: number): { date: string; period: string } {
  const zone = schedule.kind === 'once' ? 'UTC' : schedule.timeZone;
  const date = localDateAt(now, zone);
  return { date, period: periodForDate(schedule, date) };
}

/** Whether a log is expected on `date` (work logs skip weekends and holidays). */
export function isLogDay(schedule: Schedule, date: string): boolean {
  return schedule.kind !== 'daily' || isCollectionDay(schedule, date);
}

/** Today, or the latest day before it on which a log was expected (a Sunday opens on Friday). */
export function latestLogDay(schedule: Schedule, now: number): string {
  let { date } = todaysPeriod(schedule, now);
  for (let i = 0; i < 14 && !isLogDay(schedule, date); i++) date = addDaysTo(date, -1);
  return date;
}

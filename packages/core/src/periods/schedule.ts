import * as v from 'valibot';
import { ErrorCode, MusterError, type Result } from '../errors';
import { isTimeZone } from './time-zone';
import { parsePlainDate, parseTimeOfDay, type PlainDate } from './calendar';

/** Collected once: one period, key `once`, open between two instants (either may be open-ended). */
export interface OnceSchedule {
  kind: 'once';
  /** Epoch ms, or null for "from publication". */
  opensAt: number | null;
  /** Epoch ms, or null for "until closed by hand". */
  closesAt: number | null;
}

/** Collected every day: period key `YYYY-MM-DD` in the schedule's time zone. */
export interface DailySchedule {
  kind: 'daily';
  /** IANA time zone; days, weekends and open/close times are read on this wall clock. */
  timeZone: string;
  /** `HH:mm`; when the day's collection opens. */
  openTime: string;
  /** `HH:mm`; when it closes. Not after `openTime` means the next day (`00:00` = midnight). */
  closeTime: string;
  /** No collection on Saturdays and Sundays. */
  skipWeekends: boolean;
  /** No collection on these days (`YYYY-MM-DD`). */
  holidays: PlainDate[];
  /** First and last day collected (inclusive), or null for open-ended. */
  startDate: PlainDate | null;
  endDate: PlainDate | null;
}

/** Collected every ISO week: period key `YYYY-Www`. */
export interface WeeklySchedule {
  kind: 'weekly';
  timeZone: string;
  /** ISO weekday the week's collection opens (1 = Monday … 7 = Sunday) and at what time. */
  openWeekday: number;
  openTime: string;
  /** Weekday and time it closes; not after the opening means the following week. */
  closeWeekday: number;
  closeTime: string;
}

export type Schedule = OnceSchedule | DailySchedule | WeeklySchedule;

const plainDate = v.pipe(
  v.string(),
  v.check((s) => parsePlainDate(s) !== null, 'must be a calendar date YYYY-MM-DD'),
);
const timeOfDay = v.pipe(
  v.string(),
  v.check((s) => parseTimeOfDay(s) !== null, 'must be a time HH:mm between 00:00 and 23:59'),
);
const timeZone = v.pipe(
  v.string(),
  v.check((s: string) => isTimeZone(s), 'must be an IANA time zone such as Asia/Shanghai'),
);
const weekday = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7));
const instant = v.nullable(v.pipe(v.number(), v.finite()));

const ScheduleSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('once'), opensAt: instant, closesAt: instant }),
  v.strictObject({
    kind: v.literal('daily'),
    timeZone,
    openTime: timeOfDay,
    closeTime: timeOfDay,
    skipWeekends: v.boolean(),
    holidays: v.pipe(v.array(plainDate), v.maxLength(1000)),
    startDate: v.nullable(plainDate),
    endDate: v.nullable(plainDate),
  }),
  v.strictObject({
    kind: v.literal('weekly'),
    timeZone,
    openWeekday: weekday,
    openTime: timeOfDay,
    closeWeekday: weekday,
    closeTime: timeOfDay,
  }),
]);

/**
 * Validate a schedule from JSON (a form definition, an HTTP body). Returns the typed schedule, or
 * an `InvalidArgument` error naming the field and what is wrong with it.
 */
export function parseSchedule(input: unknown): Result<Schedule> {
  const r = v.safeParse(ScheduleSchema, input);
  if (r.success) {
    const s = r.output as Schedule;
    if (s.kind === 'once' && s.opensAt !== null && s.closesAt !== null && s.closesAt <= s.opensAt) {
      return {
        ok: false,
        error: new MusterError(
          ErrorCode.InvalidArgument,
          'Schedule closes before it opens.',
          input,
        ),
      };
    }
    if (
      s.kind === 'daily' &&
      s.startDate !== null &&
      s.endDate !== null &&
      s.endDate < s.startDate
    ) {
      return {
        ok: false,
        error: new MusterError(ErrorCode.InvalidArgument, 'Schedule ends before it starts.', input),
      };
    }
    return { ok: true, value: s };
  }
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return {
    ok: false,
    error: new MusterError(
      ErrorCode.InvalidArgument,
      `Invalid schedule${path ? ` field "${path}"` : ''}: ${issue.message}.`,
      input,
    ),
  };
}

/** A daily schedule with the usual defaults: every day 00:00–24:00 in `timeZone`. */
export function dailySchedule(
  timeZone: string,
  overrides: Partial<Omit<DailySchedule, 'kind'>> = {},
): DailySchedule {
  const s: DailySchedule = {
    kind: 'daily',
    timeZone,
    openTime: '00:00',
    closeTime: '00:00',
    skipWeekends: false,
    holidays: [],
    startDate: null,
    endDate: null,
    ...overrides,
  };
  const r = parseSchedule(s);
  if (!r.ok) throw r.error;
  return s;
}

import type { RowCells, SlotOf } from './aggregate';
import { growTo, type People } from './people';
import type { OrgRollup } from './rollup';
import type { MissingSpec } from './spec';

/** Expected and submitted people in one department (or overall). */
export interface ResponseCounts {
  /** People in the audience. */
  expected: number;
  /** Of those, people with at least one row for the period. */
  submitted: number;
  /** `expected − submitted`. */
  missing: number;
  /** `submitted / expected`, or null when no one is expected. */
  rate: number | null;
}

/** One missing list in a {@link StatsSnapshot}. */
export type MissingResult =
  | (ResponseCounts & {
      period: string | null;
      /** Everyone expected who has not submitted, sorted by member id. */
      missingMembers: string[];
      /**
       * Every live department in tree order; counts include sub-departments (roll-up), and
       * `missingMembers` lists the department's own members only (a sub-department's are in its
       * own entry).
       */
      departments: (ResponseCounts & { department: string; missingMembers: string[] })[];
      /** Expected people who belong to no department. */
      unassigned: ResponseCounts & { missingMembers: string[] };
    })
  | { error: { code: 'InvalidStatsSpec'; message: string } };

interface Counts {
  expected: number;
  submitted: number;
}

function counts(c: Counts | undefined): ResponseCounts {
  const expected = c?.expected ?? 0;
  const submitted = c?.submitted ?? 0;
  return {
    expected,
    submitted,
    missing: expected - submitted,
    rate: expected === 0 ? null : submitted / expected,
  };
}

/**
 * Sort ids in place by UTF-16 code units, the order of `<` (what the default sort does for
 * strings, without calling back into JavaScript for each of 100,000 comparisons).
 */
const sortIds = (ids: string[]) => ids.sort();

/**
 * Who has not submitted, kept incrementally. Expected people are counted under their raw
 * department id (as the member record holds it) and in every live department that id rolls up
 * to, so a row arriving or a member joining, leaving or moving costs O(depth). A change to the
 * org tree recounts everyone (O(members); trees change rarely). The lists of names are built only
 * when a snapshot asks for them.
 */
export class MissingState {
  readonly spec: MissingSpec;
  readonly error: string | null;
  private readonly explicit: Set<string>;
  private audienceDepartments = new Set<string>();
  /** By person number: rows for the period (anyone, expected or not). */
  private readonly rowsBy: number[] = [];
  private direct = new Map<string | null, Counts>();
  private rolled = new Map<string | null, Counts>();

  /** The respondent's number slot: rows are counted by person number. */
  private readonly respondentSlot: number;
  private readonly periodSlot: number;

  constructor(
    spec: MissingSpec,
    error: string | null,
    slot: SlotOf,
    personSlot: SlotOf,
    private readonly people: People,
  ) {
    this.spec = spec;
    this.error = error;
    this.respondentSlot = personSlot(spec.respondentColumn);
    this.periodSlot = spec.periodColumn === undefined ? -1 : slot(spec.periodColumn);
    this.explicit = new Set(spec.audience.people ?? []);
  }

  /** Is a person with this membership (`raw` undefined: not a member) in the audience? */
  private isExpected(rollup: OrgRollup, person: string, raw: string | null | undefined): boolean {
    if (raw === undefined || this.error !== null) return false;
    if (this.explicit.has(person)) return true;
    const live = rollup.chain(raw)[0] ?? null;
    return live !== null && this.audienceDepartments.has(live);
  }

  /** The number of the person who submitted the row for the period, or −1. */
  private submitterOf(cells: RowCells, at: number): number {
    if (at < 0 || this.error !== null) return -1;
    const who = cells[at + this.respondentSlot] as number;
    if (who < 0) return -1;
    if (this.periodSlot >= 0 && cells[at + this.periodSlot] !== this.spec.period) return -1;
    return who;
  }

  /** Rows for the period by the person numbered `n`. */
  private rowsOf(n: number): number {
    return n < this.rowsBy.length ? (this.rowsBy[n] as number) : 0;
  }

  private count(rollup: OrgRollup, raw: string | null, expected: number, submitted: number): void {
    bump(this.direct, raw, expected, submitted);
    for (const d of rollup.chain(raw)) bump(this.rolled, d, expected, submitted);
  }

  /**
   * A row changed; returns whether the list changed. `rollup` is null while bulk loading: only
   * submissions are noted, and {@link rebuild} counts.
   */
  updateRow(
    rollup: OrgRollup | null,
    before: RowCells,
    beforeAt: number,
    after: RowCells,
    afterAt: number,
  ): boolean {
    const a = this.submitterOf(before, beforeAt);
    const b = this.submitterOf(after, afterAt);
    if (a === b) return false;
    let changed = false;
    if (a >= 0) changed = this.submit(rollup, a, -1) || changed;
    if (b >= 0) changed = this.submit(rollup, b, 1) || changed;
    return changed;
  }

  /** Note a row while bulk loading; {@link rebuild} counts after the last row. */
  load(cells: RowCells, at: number): void {
    const n = this.submitterOf(cells, at);
    if (n < 0) return;
    growTo(this.rowsBy, n + 1, 0);
    this.rowsBy[n] = (this.rowsBy[n] as number) + 1;
  }

  private submit(rollup: OrgRollup | null, n: number, times: number): boolean {
    growTo(this.rowsBy, n + 1, 0);
    const before = this.rowsBy[n] as number;
    const after = before + times;
    this.rowsBy[n] = after;
    if (rollup === null || before > 0 === after > 0) return false;
    const raw = this.people.departments[n];
    if (!this.isExpected(rollup, this.people.ids[n] as string, raw)) return false;
    this.count(rollup, raw as string | null, 0, after > 0 ? 1 : -1);
    return true;
  }

  /**
   * A member joined, left or changed department: `before` and `after` are their department ids
   * as recorded (null: none; undefined: not a member). Returns whether the list changed.
   */
  updateMember(
    rollup: OrgRollup,
    person: string,
    before: string | null | undefined,
    after: string | null | undefined,
  ): boolean {
    const was = this.isExpected(rollup, person, before);
    const is = this.isExpected(rollup, person, after);
    if (!was && !is) return false;
    if (was && is && before === after) return false;
    const submitted = this.rowsOf(this.people.numberOf(person)) > 0 ? 1 : 0;
    if (was) this.count(rollup, before as string | null, -1, -submitted);
    if (is) this.count(rollup, after as string | null, 1, submitted);
    return true;
  }

  /** Recount everyone from the members map (at creation and after the org tree changed). */
  rebuild(rollup: OrgRollup): void {
    this.audienceDepartments = rollup.subtrees(this.spec.audience.departments ?? []);
    this.direct = new Map();
    this.rolled = new Map();
    if (this.error === null) {
      // Whether a department's members are expected depends on the department alone (besides
      // people listed by name), so decide it once per department id, not once per member.
      const byDepartment = new Map<string | null, boolean>();
      const named = this.explicit.size > 0;
      const { ids, departments } = this.people;
      for (let n = 0; n < ids.length; n++) {
        const raw = departments[n];
        if (raw === undefined) continue;
        let expected = byDepartment.get(raw);
        if (expected === undefined) {
          const live = rollup.chain(raw)[0] ?? null;
          byDepartment.set(raw, (expected = live !== null && this.audienceDepartments.has(live)));
        }
        if (!expected && !(named && this.explicit.has(ids[n] as string))) continue;
        bump(this.direct, raw, 1, this.rowsOf(n) > 0 ? 1 : 0);
      }
    }
    for (const [raw, c] of this.direct)
      for (const d of rollup.chain(raw)) bump(this.rolled, d, c.expected, c.submitted);
  }

  result(rollup: OrgRollup): MissingResult {
    if (this.error !== null) return { error: { code: 'InvalidStatsSpec', message: this.error } };
    const lists = new Map<string | null, string[]>();
    const all: string[] = [];
    let expected = 0;
    let submitted = 0;
    for (const c of this.direct.values()) {
      expected += c.expected;
      submitted += c.submitted;
    }
    const { ids, departments } = this.people;
    for (let n = 0; n < ids.length; n++) {
      const person = ids[n] as string;
      const raw = departments[n];
      if (raw === undefined || this.rowsOf(n) > 0 || !this.isExpected(rollup, person, raw))
        continue;
      all.push(person);
      const live = rollup.chain(raw)[0] ?? null;
      let list = lists.get(live);
      if (!list) lists.set(live, (list = []));
      list.push(person);
    }
    return {
      period: this.spec.period ?? null,
      ...counts({ expected, submitted }),
      missingMembers: sortIds(all),
      departments: rollup.order().map((department) => ({
        department,
        ...counts(this.rolled.get(department)),
        missingMembers: sortIds(lists.get(department) ?? []),
      })),
      unassigned: {
        ...counts(this.rolled.get(null)),
        missingMembers: sortIds(lists.get(null) ?? []),
      },
    };
  }
}

function bump(
  map: Map<string | null, Counts>,
  key: string | null,
  expected: number,
  submitted: number,
): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = { expected: 0, submitted: 0 }));
  c.expected += expected;
  c.submitted += submitted;
  if (c.expected === 0) map.delete(key);
}

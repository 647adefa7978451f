import type { RowCells } from './aggregate';
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

interface Filed {
  expected: number;
  submitted: number;
  missing: Set<string>;
}

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

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Who has not submitted, kept incrementally. Each expected person is filed under their raw
 * department id (as the member record holds it) and counted in every live department that id
 * rolls up to, so a row arriving, a member joining or moving costs O(depth). A change to the org
 * tree re-files everyone (O(members); trees change rarely).
 */
export class MissingState {
  readonly spec: MissingSpec;
  readonly error: string | null;
  private readonly explicit: Set<string>;
  private audienceDepartments = new Set<string>();
  /** Rows for the period per respondent (anyone, expected or not). */
  private readonly rowsBy = new Map<string, number>();
  /** Expected people → their raw department id. */
  private readonly expected = new Map<string, string | null>();
  private direct = new Map<string | null, Filed>();
  private rolled = new Map<string | null, Counts>();

  constructor(spec: MissingSpec, error: string | null) {
    this.spec = spec;
    this.error = error;
    this.explicit = new Set(spec.audience.people ?? []);
  }

  private submitterOf(row: RowCells | undefined): string | null {
    if (row === undefined || this.error !== null) return null;
    const who = row.cell(this.spec.respondentColumn);
    if (typeof who !== 'string') return null;
    if (
      this.spec.periodColumn !== undefined &&
      row.cell(this.spec.periodColumn) !== this.spec.period
    )
      return null;
    return who;
  }

  private file(rollup: OrgRollup, person: string, raw: string | null, times: number): void {
    const submitted = (this.rowsBy.get(person) ?? 0) > 0 ? 1 : 0;
    let f = this.direct.get(raw);
    if (!f) this.direct.set(raw, (f = { expected: 0, submitted: 0, missing: new Set() }));
    f.expected += times;
    f.submitted += times * submitted;
    if (!submitted) {
      if (times > 0) f.missing.add(person);
      else f.missing.delete(person);
    }
    if (f.expected === 0) this.direct.delete(raw);
    for (const d of rollup.chain(raw)) {
      let c = this.rolled.get(d);
      if (!c) this.rolled.set(d, (c = { expected: 0, submitted: 0 }));
      c.expected += times;
      c.submitted += times * submitted;
      if (c.expected === 0) this.rolled.delete(d);
    }
  }

  /** A row changed; returns whether the list changed. */
  updateRow(rollup: OrgRollup, before: RowCells | undefined, after: RowCells | undefined): boolean {
    const a = this.submitterOf(before);
    const b = this.submitterOf(after);
    if (a === b) return false;
    let changed = false;
    if (a !== null) changed = this.bump(rollup, a, -1) || changed;
    if (b !== null) changed = this.bump(rollup, b, 1) || changed;
    return changed;
  }

  private bump(rollup: OrgRollup, person: string, times: number): boolean {
    const before = this.rowsBy.get(person) ?? 0;
    const after = before + times;
    const raw = this.expected.get(person);
    const flips = raw !== undefined && before > 0 !== after > 0;
    if (flips) this.file(rollup, person, raw, -1);
    if (after === 0) this.rowsBy.delete(person);
    else this.rowsBy.set(person, after);
    if (flips) this.file(rollup, person, raw, 1);
    return flips;
  }

  /**
   * A member joined, left or changed department (`raw` is their department as recorded, null
   * when they have none; `isMember` false when they left). Returns whether the list changed.
   */
  updateMember(rollup: OrgRollup, person: string, isMember: boolean, raw: string | null): boolean {
    const was = this.expected.get(person);
    const live = rollup.chain(raw)[0] ?? null;
    const is =
      isMember &&
      this.error === null &&
      (this.explicit.has(person) || (live !== null && this.audienceDepartments.has(live)));
    if (was === undefined && !is) return false;
    if (was !== undefined && is && was === raw) return false;
    if (was !== undefined) {
      this.file(rollup, person, was, -1);
      this.expected.delete(person);
    }
    if (is) {
      this.expected.set(person, raw);
      this.file(rollup, person, raw, 1);
    }
    return true;
  }

  /** Re-file everyone after the org tree changed. */
  rebuild(rollup: OrgRollup, members: Iterable<[string, string | null]>): void {
    this.audienceDepartments = rollup.subtrees(this.spec.audience.departments ?? []);
    this.expected.clear();
    this.direct = new Map();
    this.rolled = new Map();
    for (const [person, raw] of members) this.updateMember(rollup, person, true, raw);
  }

  result(rollup: OrgRollup): MissingResult {
    if (this.error !== null) return { error: { code: 'InvalidStatsSpec', message: this.error } };
    const lists = new Map<string | null, string[]>();
    const all: string[] = [];
    let expected = 0;
    let submitted = 0;
    for (const [raw, f] of this.direct) {
      expected += f.expected;
      submitted += f.submitted;
      const live = rollup.chain(raw)[0] ?? null;
      let list = lists.get(live);
      if (!list) lists.set(live, (list = []));
      for (const p of f.missing) {
        list.push(p);
        all.push(p);
      }
    }
    return {
      period: this.spec.period ?? null,
      ...counts({ expected, submitted }),
      missingMembers: all.sort(byId),
      departments: rollup.order().map((department) => ({
        department,
        ...counts(this.rolled.get(department)),
        missingMembers: (lists.get(department) ?? []).sort(byId),
      })),
      unassigned: {
        ...counts(this.rolled.get(null)),
        missingMembers: (lists.get(null) ?? []).sort(byId),
      },
    };
  }
}

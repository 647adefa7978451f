/**
 * Everyone the engine meets — the workspace's members and anyone named in a person cell —
 * numbered once, so that per-person figures live in arrays indexed by number instead of in maps
 * keyed by id: a cold build over 100,000 people otherwise spends its time growing maps.
 * Numbers are never reused; the engine starts a new directory when it rebuilds from scratch.
 */
export class People {
  private readonly numbers = new Map<string, number>();
  /** By number: the person's id. */
  readonly ids: string[] = [];
  /** By number: the department the member record holds (null: none); undefined: not a member. */
  readonly departments: (string | null | undefined)[] = [];

  get count(): number {
    return this.ids.length;
  }

  /**
   * Number a member while loading a directory: the members map's keys are distinct, so there is
   * no lookup to make first (`numberOf` makes one per person: 100,000 misses in a cold build).
   * Throws if the id is numbered already (a caller's mistake, caught before it corrupts numbers).
   */
  addMember(id: string, department: string | null): void {
    const n = this.ids.length;
    this.numbers.set(id, n);
    if (this.numbers.size !== n + 1) throw new Error(`Person ${id} is numbered already.`);
    this.ids.push(id);
    this.departments.push(department);
  }

  /** The person's number, given one now if they have none yet. */
  numberOf(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.numbers.set(id, n);
      this.ids.push(id);
      this.departments.push(undefined);
    }
    return n;
  }
}

/** Make `list` at least `length` long, new entries `fill` (keeps the array packed). */
export function growTo<T>(list: T[], length: number, fill: T): void {
  while (list.length < length) list.push(fill);
}

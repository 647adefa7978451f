import * as v from 'valibot';
import type * as Y from 'yjs';

/**
 * What a form's dashboard keeps beside the definition, in the form room's top-level Y.Map
 * `dashboard` (a separate map so the builder's edits and these never overwrite each other).
 */
export interface DashboardConfig {
  /** Answers to highlight: a row is flagged when it matches any rule. */
  flags: FlagRule[];
  /** What the form is for in the app: a plain collection, a team's work log or a notice. */
  purpose: FormPurpose;
}

/** `temperature ≥ 37.3`, `contact = yes`, `symptoms contains fever`. */
export interface FlagRule {
  question: string;
  op: 'gte' | 'lte' | 'eq' | 'contains';
  value: string | number | boolean;
}

export type FormPurpose =
  | { kind: 'collection' }
  | { kind: 'workLog'; team: string }
  | { kind: 'notice'; doc: string | null; body: string };

const FlagSchema = v.strictObject({
  question: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  op: v.picklist(['gte', 'lte', 'eq', 'contains']),
  value: v.union([
    v.pipe(v.string(), v.maxLength(200)),
    v.pipe(v.number(), v.finite()),
    v.boolean(),
  ]),
});

const PurposeSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('collection') }),
  v.strictObject({ kind: v.literal('workLog'), team: v.pipe(v.string(), v.maxLength(64)) }),
  v.strictObject({
    kind: v.literal('notice'),
    doc: v.nullable(v.pipe(v.string(), v.maxLength(64))),
    body: v.pipe(v.string(), v.maxLength(20_000)),
  }),
]);

/** Most flag rules one form keeps (each is one aggregate in the statistics engine). */
export const MAX_FLAG_RULES = 20;

const MAP = 'dashboard';

/** The dashboard map of a form room's doc. */
export function dashboardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MAP);
}

/**
 * Read the config from a form room; entries that do not parse (another version wrote them, or a
 * bad write) are left out rather than breaking the dashboard.
 */
export function readDashboardConfig(doc: Y.Doc): DashboardConfig {
  const map = dashboardMap(doc);
  const raw = map.get('flags');
  const flags = Array.isArray(raw)
    ? raw.flatMap((f) => {
        const r = v.safeParse(FlagSchema, f);
        return r.success ? [r.output] : [];
      })
    : [];
  const purpose = v.safeParse(PurposeSchema, map.get('purpose'));
  return {
    flags: flags.slice(0, MAX_FLAG_RULES),
    purpose: purpose.success ? purpose.output : { kind: 'collection' },
  };
}

/** Replace the flag rules; throws naming the first bad rule (nothing is written then). */
export function writeFlagRules(doc: Y.Doc, flags: FlagRule[]): void {
  if (flags.length > MAX_FLAG_RULES)
    throw new RangeError(`At most ${MAX_FLAG_RULES} flag rules; got ${flags.length}.`);
  for (const [i, f] of flags.entries()) {
    const r = v.safeParse(FlagSchema, f);
    if (!r.success) throw new RangeError(`Flag rule ${i + 1} is invalid: ${r.issues[0].message}`);
  }
  dashboardMap(doc).set('flags', flags);
}

/** Record what the form is for (work log of a team, notice). */
export function writePurpose(doc: Y.Doc, purpose: FormPurpose): void {
  const r = v.safeParse(PurposeSchema, purpose);
  if (!r.success) throw new RangeError(`Form purpose is invalid: ${r.issues[0].message}`);
  dashboardMap(doc).set('purpose', r.output);
}

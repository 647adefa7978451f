import type { WorkspaceIndex } from '@muster/core';
import * as v from 'valibot';
import { FormsError, FormsErrorCode } from './errors';

/**
 * Who is asked to fill in a form: anyone with the link, or members of departments (including
 * their sub-departments) and/or named people.
 */
export type Audience =
  { anyone: true } | { anyone: false; departments: string[]; people: string[] };

const Ids = v.pipe(v.array(v.pipe(v.string(), v.maxLength(32))), v.maxLength(10_000));
const AudienceSchema = v.variant('anyone', [
  v.strictObject({ anyone: v.literal(true) }),
  v.strictObject({ anyone: v.literal(false), departments: Ids, people: Ids }),
]);

/** Check an audience from JSON; throws `InvalidDefinition` when malformed. */
export function parseAudience(input: unknown): Audience {
  const r = v.safeParse(AudienceSchema, input);
  if (!r.success) {
    throw new FormsError(
      FormsErrorCode.InvalidDefinition,
      `Invalid audience: ${r.issues[0].message}.`,
      input,
    );
  }
  return r.output as Audience;
}

/** Is `memberId` asked to fill in? Department membership is read from the live org tree. */
export function inAudience(audience: Audience, memberId: string, index: WorkspaceIndex): boolean {
  if (audience.anyone) return true;
  if (audience.people.includes(memberId)) return true;
  const dept = index.departmentOf(memberId);
  if (dept === null) return false;
  const tree = index.orgTree();
  const ancestors = tree.ancestorsOf(dept);
  // A deleted department in the audience matches nobody: resolving it to its parent would
  // silently widen the audience to the whole parent department.
  return audience.departments.some((d) => tree.departments.has(d) && ancestors.includes(d));
}

/** Everyone the form expects an answer from (ids sorted); empty for "anyone with the link". */
export function expectedRespondents(audience: Audience, index: WorkspaceIndex): string[] {
  if (audience.anyone) return [];
  return index
    .members()
    .filter((m) => inAudience(audience, m.id, index))
    .map((m) => m.id);
}

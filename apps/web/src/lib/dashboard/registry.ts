import * as v from 'valibot';
import type * as Y from 'yjs';

/**
 * Which forms are work logs and notices, kept in the workspace index room (top-level Y.Map
 * `formPurposes`, keyed by form id) so the Logs and Notices tabs list them without opening every
 * form room. The form room's own `dashboard` map holds the same purpose for the form's pages.
 */
export interface RegisteredForm {
  form: string;
  kind: 'workLog' | 'notice';
  title: string;
  /** The team (department) a work log belongs to, or the notice's first audience department. */
  department: string | null;
  at: number;
}

const Schema = v.strictObject({
  form: v.pipe(v.string(), v.maxLength(64)),
  kind: v.picklist(['workLog', 'notice']),
  title: v.pipe(v.string(), v.maxLength(500)),
  department: v.nullable(v.pipe(v.string(), v.maxLength(64))),
  at: v.pipe(v.number(), v.finite()),
});

function registryMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('formPurposes');
}

/** Record a work log or notice in the index. */
export function registerForm(indexDoc: Y.Doc, entry: RegisteredForm): void {
  const r = v.safeParse(Schema, entry);
  if (!r.success) throw new RangeError(`Form registration is invalid: ${r.issues[0].message}`);
  registryMap(indexDoc).set(entry.form, r.output);
}

/** The registered forms of one kind, newest first. */
export function registeredForms(indexDoc: Y.Doc, kind: RegisteredForm['kind']): RegisteredForm[] {
  const out: RegisteredForm[] = [];
  for (const value of registryMap(indexDoc).values()) {
    const r = v.safeParse(Schema, value);
    if (r.success && r.output.kind === kind) out.push(r.output);
  }
  return out.sort((a, b) => b.at - a.at);
}

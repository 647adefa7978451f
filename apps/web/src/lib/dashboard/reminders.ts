import * as v from 'valibot';
import type * as Y from 'yjs';

/**
 * A reminder to fill in a form, kept in the workspace index room (top-level Y.Map `reminders`,
 * keyed `{member}:{form}:{period}`), which every page of the workspace keeps open: the person sees
 * it the next time they open the app. Reminding twice keeps one entry (the latest time).
 */
export interface Reminder {
  member: string;
  form: string;
  period: string;
  /** The form's title when the reminder was sent. */
  title: string;
  at: number;
}

const ReminderSchema = v.strictObject({
  member: v.pipe(v.string(), v.maxLength(64)),
  form: v.pipe(v.string(), v.maxLength(64)),
  period: v.pipe(v.string(), v.maxLength(32)),
  title: v.pipe(v.string(), v.maxLength(500)),
  at: v.pipe(v.number(), v.finite()),
});

/** Most people one click reminds (a whole hospital). */
export const MAX_REMINDERS_PER_CALL = 10_000;

function remindersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('reminders');
}

/** Remind `members` to fill in `form` for `period`, in one transaction. Returns how many. */
export function remind(
  doc: Y.Doc,
  input: { members: readonly string[]; form: string; period: string; title: string; now: number },
): number {
  if (input.members.length > MAX_REMINDERS_PER_CALL)
    throw new RangeError(
      `At most ${MAX_REMINDERS_PER_CALL} people per reminder; got ${input.members.length}.`,
    );
  const map = remindersMap(doc);
  doc.transact(() => {
    for (const member of input.members) {
      const r: Reminder = {
        member,
        form: input.form,
        period: input.period,
        title: input.title.slice(0, 500),
        at: input.now,
      };
      map.set(`${member}:${input.form}:${input.period}`, r);
    }
  });
  return input.members.length;
}

/** The reminders for one person, newest first. */
export function remindersFor(doc: Y.Doc, member: string): Reminder[] {
  const out: Reminder[] = [];
  for (const [key, value] of remindersMap(doc)) {
    if (!key.startsWith(`${member}:`)) continue;
    const r = v.safeParse(ReminderSchema, value);
    if (r.success && r.output.member === member) out.push(r.output);
  }
  return out.sort((a, b) => b.at - a.at);
}

/** The reminders sent for one form and period (who was reminded, when). */
export function remindersOf(doc: Y.Doc, form: string, period: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const value of remindersMap(doc).values()) {
    const r = v.safeParse(ReminderSchema, value);
    if (r.success && r.output.form === form && r.output.period === period)
      out.set(r.output.member, r.output.at);
  }
  return out;
}

/** Lines to paste into another channel: `name<TAB>phone`, one person a line. */
export function contactList(people: readonly { name: string; phone: string | null }[]): string {
  return people.map((p) => (p.phone ? `${p.name}\t${p.phone}` : p.name)).join('\n');
}

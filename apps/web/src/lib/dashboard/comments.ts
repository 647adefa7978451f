import { newId } from '@muster/core';
import * as v from 'valibot';
import type * as Y from 'yjs';

/** A comment on one log entry (a row of the work log's table). */
export interface LogComment {
  id: string;
  row: string;
  author: string;
  name: string;
  text: string;
  at: number;
}

/** Longest comment, in characters. */
export const MAX_COMMENT_LENGTH = 2000;

const CommentSchema = v.strictObject({
  id: v.pipe(v.string(), v.maxLength(64)),
  row: v.pipe(v.string(), v.maxLength(200)),
  author: v.pipe(v.string(), v.maxLength(128)),
  name: v.pipe(v.string(), v.maxLength(200)),
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_COMMENT_LENGTH)),
  at: v.pipe(v.number(), v.finite()),
});

// One flat top-level map keyed `{row}|{comment id}`: two people commenting at once on one entry
// both keep their comment (a nested list per row, created on two devices, would overwrite).
function commentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('logComments');
}

/** Add a comment to the work log's form room. Throws a RangeError naming the problem. */
export function addComment(
  doc: Y.Doc,
  input: { row: string; author: string; name: string; text: string; now: number },
): LogComment {
  const text = input.text.trim();
  if (text.length === 0) throw new RangeError('A comment cannot be empty.');
  if (text.length > MAX_COMMENT_LENGTH)
    throw new RangeError(
      `A comment is at most ${MAX_COMMENT_LENGTH} characters; this one has ${text.length}.`,
    );
  const c: LogComment = {
    id: newId(),
    row: input.row,
    author: input.author,
    name: input.name,
    text,
    at: input.now,
  };
  commentsMap(doc).set(`${c.row}|${c.id}`, c);
  return c;
}

/** Comments by row id, oldest first; unreadable entries are skipped. */
export function commentsByRow(doc: Y.Doc): Map<string, LogComment[]> {
  const out = new Map<string, LogComment[]>();
  for (const value of commentsMap(doc).values()) {
    const r = v.safeParse(CommentSchema, value);
    if (!r.success) continue;
    const list = out.get(r.output.row) ?? [];
    list.push(r.output);
    out.set(r.output.row, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return out;
}

import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { schema } from '../src/schema.js';
import type { Patch } from './traces.js';

// A plain-text trace maps onto the editor as one paragraph per line: typing "\n" splits a
// paragraph, deleting it joins two, as in a real editor. Text offsets become ProseMirror
// positions by walking the top-level paragraphs (each costs its size + 2 positions).

function position(doc: PMNode, offset: number): number {
  let pos = 0;
  let left = offset;
  for (let i = 0; i < doc.childCount; i++) {
    const size = doc.child(i).content.size;
    if (left <= size) return pos + 1 + left;
    left -= size + 1;
    pos += size + 2;
  }
  throw new RangeError(`Text offset ${offset} is past the end of the document`);
}

/** Applies one trace patch to `tr`, as the keystrokes of a user would. */
export function applyPatch(tr: Transaction, [at, deleteCount, insert]: Patch): void {
  if (deleteCount > 0) tr.delete(position(tr.doc, at), position(tr.doc, at + deleteCount));
  if (insert === '') return;
  const from = position(tr.doc, at);
  if (!insert.includes('\n')) {
    tr.insertText(insert, from);
    return;
  }
  const lines = insert
    .split('\n')
    .map((line) => schema.nodes.paragraph.create(null, line ? schema.text(line) : null));
  // Open on both sides: the first line joins the text before, the last the text after.
  tr.replace(from, from, new Slice(Fragment.from(lines), 1, 1));
}

/** The text of a one-paragraph-per-line document. */
export function documentText(doc: PMNode): string {
  const lines: string[] = [];
  doc.forEach((node) => lines.push(node.textContent));
  return lines.join('\n');
}

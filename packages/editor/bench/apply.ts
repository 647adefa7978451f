import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { schema } from '../src/schema.js';
import type { Patch } from './traces.js';

// A plain-text trace maps onto the editor as one paragraph per line: typing "\n" splits a
// paragraph, deleting it joins two, as in a real editor. Text offsets become ProseMirror
// positions: line i starts at text offset sum(len_k + 1, k < i) and at position
// sum(len_k + 2, k < i) + 1 (each paragraph adds an opening and a closing token).

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

/**
 * Text offset → position in O(log lines) for a replay that owns the document (a Fenwick tree
 * of line lengths), so the harness does not add a walk over every line to each keystroke;
 * `position` above is the plain walk, for documents that also change remotely.
 */
export class LineIndex {
  private tree = new Int32Array(1);
  private lines = 0;

  constructor(doc: PMNode) {
    this.rebuild(doc);
  }

  /** Re-reads the lines after a change that added or removed some. */
  rebuild(doc: PMNode): void {
    this.lines = doc.childCount;
    this.tree = new Int32Array(this.lines + 1);
    for (let i = 0; i < this.lines; i++) this.tree[i + 1] = doc.child(i).content.size + 1;
    for (let i = 1; i <= this.lines; i++) {
      const parent = i + (i & -i);
      if (parent <= this.lines) this.tree[parent]! += this.tree[i]!;
    }
  }

  /** Line `line` got `delta` characters longer. */
  grow(line: number, delta: number): void {
    for (let i = line + 1; i <= this.lines; i += i & -i) this.tree[i]! += delta;
  }

  /** The line holding text offset `offset`, and its position in the document. */
  locate(offset: number): { line: number; pos: number } {
    // Binary lifting: the last line whose start (sum of len + 1 before it) is <= offset.
    let line = 0;
    let start = 0;
    for (let step = 1 << Math.floor(Math.log2(this.lines || 1)); step > 0; step >>= 1) {
      const next = line + step;
      if (next <= this.lines && start + this.tree[next]! <= offset) {
        line = next;
        start += this.tree[next]!;
      }
    }
    if (line >= this.lines) {
      throw new RangeError(`Text offset ${offset} is past the end of the document`);
    }
    // Before line `line` lie `line` paragraphs, each adding one closing and one opening token
    // beyond the newline the text counts, plus the first paragraph's opening token.
    return { line, pos: offset + line + 1 };
  }
}

/**
 * Applies one trace patch to `tr`, as the keystrokes of a user would. With `index` (kept in
 * step with every patch applied to this document) positions are found in O(log lines).
 */
export function applyPatch(
  tr: Transaction,
  [at, deleteCount, insert]: Patch,
  index?: LineIndex,
): void {
  if (deleteCount > 0) {
    if (index) {
      const from = index.locate(at);
      const to = index.locate(at + deleteCount);
      tr.delete(from.pos, to.pos);
      if (from.line === to.line) index.grow(from.line, -deleteCount);
      else index.rebuild(tr.doc);
    } else {
      tr.delete(position(tr.doc, at), position(tr.doc, at + deleteCount));
    }
  }
  if (insert === '') return;
  const target = index?.locate(at);
  const from = target ? target.pos : position(tr.doc, at);
  if (!insert.includes('\n')) {
    tr.insertText(insert, from);
    if (target) index!.grow(target.line, insert.length);
    return;
  }
  const lines = insert
    .split('\n')
    .map((line) => schema.nodes.paragraph.create(null, line ? schema.text(line) : null));
  // Open on both sides: the first line joins the text before, the last the text after.
  tr.replace(from, from, new Slice(Fragment.from(lines), 1, 1));
  index?.rebuild(tr.doc);
}

/** The text of a one-paragraph-per-line document. */
export function documentText(doc: PMNode): string {
  const lines: string[] = [];
  doc.forEach((node) => lines.push(node.textContent));
  return lines.join('\n');
}

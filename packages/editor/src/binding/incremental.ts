import type { Mark, Node as PMNode, ResolvedPos, Slice } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from 'prosemirror-transform';
import { updateYFragment, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import type { BindingMapping } from './mapping.js';
import { ancestorTypes } from './positions.js';

// y-prosemirror writes a ProseMirror change to Yjs by comparing the whole new document with
// the Y fragment (`updateYFragment` on the root): O(blocks) for every keystroke. The steps of
// the transaction already say where the document changed, so for the common steps this module
// hands only the changed nodes to `updateYFragment` — the same routine, on a textblock or a
// few sibling blocks — and keeps the node ↔ type mapping true on the way up to the root.
// Anything it does not recognise makes it answer `false`; the caller then runs the full
// comparison, which is always correct.

/** The part of y-prosemirror's binding this module works with. */
export interface IncrementalBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: BindingMapping;
  isOMark: Map<unknown, boolean>;
}

interface StepChange {
  step: Step;
  before: PMNode;
  after: PMNode;
}

/**
 * The steps that lead from `synced` to `doc`, found by following the recorded transactions
 * back from `doc`. Undefined when the chain is broken (a transaction was not recorded).
 */
export function stepsBetween(
  synced: PMNode,
  doc: PMNode,
  byResult: Map<PMNode, Transaction>,
): StepChange[] | undefined {
  const transactions: Transaction[] = [];
  for (let current = doc; current !== synced;) {
    const tr = byResult.get(current);
    if (tr === undefined) return undefined;
    transactions.push(tr);
    current = tr.before;
  }
  const changes: StepChange[] = [];
  for (let t = transactions.length - 1; t >= 0; t--) {
    const tr = transactions[t]!;
    tr.steps.forEach((step, i) =>
      changes.push({ step, before: tr.docs[i]!, after: tr.docs[i + 1] ?? tr.doc }),
    );
  }
  return changes;
}

/** `updateYFragment` on one node: the Y side of `node` becomes equal to it. */
function update(binding: IncrementalBinding, type: Y.XmlFragment, node: PMNode): void {
  updateYFragment(binding.doc, type, node, binding as never);
}

/**
 * A node and its ancestors in the new document: `path[0]` is the document, `path[d]` the node
 * at depth d, the last one the node a step changed.
 */
type NodePath = PMNode[];

/** After writing below `types[depth]`, maps every ancestor to its node in the new document. */
function remapAncestors(
  binding: IncrementalBinding,
  types: Y.XmlFragment[],
  path: NodePath,
  depth: number,
): void {
  for (let d = depth; d >= 1; d--) binding.mapping.set(types[d]!, path[d]!);
  binding.mapping.set(binding.type, path[0]!);
}

/**
 * The container of `$before` at `depth` and its ancestors in the new document, found by the
 * same child indexes, or undefined if a node type differs there. Callers pass steps that
 * change nothing outside that container, so the indexes still lead to it. Going by index is
 * O(depth); resolving a position would scan the document's top-level children.
 */
function sameContainer($before: ResolvedPos, after: PMNode, depth: number): NodePath | undefined {
  const path: NodePath = [after];
  for (let d = 1; d <= depth; d++) {
    const parent = path[d - 1]!;
    const index = $before.index(d - 1);
    if (index >= parent.childCount) return undefined;
    const node = parent.child(index);
    if (node.type !== $before.node(d).type) return undefined;
    path.push(node);
  }
  return path;
}

function onlyText(node: PMNode): boolean {
  for (let i = 0; i < node.childCount; i++) if (!node.child(i).isText) return false;
  return true;
}

/**
 * The Y attributes y-prosemirror stores for `marks`, or undefined for a mark that may overlap
 * itself (y-prosemirror keys those by a hash of the mark; this path leaves them to it).
 */
function attributesOf(marks: readonly Mark[]): Record<string, unknown> | undefined {
  const attributes: Record<string, unknown> = {};
  for (const mark of marks) {
    if (!mark.type.excludes(mark.type)) return undefined;
    attributes[mark.type.name] = mark.attrs;
  }
  return attributes;
}

/**
 * Typing and deleting in a textblock of plain text, written as the Y.XmlText insert and delete
 * they are: y-prosemirror's `updateYFragment` would read the whole paragraph back as a delta,
 * diff it as a string and re-apply every format. False when the textblock holds anything but
 * text (hard breaks, mentions) or the Y side does not look as expected.
 */
function writeText(
  binding: IncrementalBinding,
  element: Y.XmlElement,
  before: PMNode,
  after: PMNode,
  from: number,
  to: number,
  slice: Slice,
): boolean {
  if (!onlyText(before) || !onlyText(after)) return false;
  const inserts: { text: string; attributes: Record<string, unknown> }[] = [];
  for (let i = 0; i < slice.content.childCount; i++) {
    const node = slice.content.child(i);
    const attributes = node.isText ? attributesOf(node.marks) : undefined;
    if (attributes === undefined) return false;
    inserts.push({ text: node.text!, attributes });
  }
  let text: Y.XmlText | undefined;
  for (let item = element._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const child = (item.content as Y.ContentType).type;
    if (text !== undefined || !(child instanceof Y.XmlText)) return false;
    text = child;
  }
  if ((text?.length ?? 0) !== before.content.size) return false;
  binding.doc.transact(() => {
    if (text === undefined) {
      if (inserts.length === 0) return;
      text = new Y.XmlText();
      element.insert(0, [text]);
    }
    if (to > from) text.delete(from, to - from);
    let at = from;
    for (const insert of inserts) {
      text.insert(at, insert.text, insert.attributes);
      at += insert.text.length;
    }
  }, ySyncPluginKey);
  binding.mapping.set(element, after);
  if (text !== undefined) binding.mapping.set(text, [...after.content.content]);
  return true;
}

/** Textblocks that a mark step touches, each synced on its own. */
function applyMarkStep(binding: IncrementalBinding, change: StepChange): boolean {
  const { from, to } = change.step as AddMarkStep | RemoveMarkStep;
  const starts: number[] = [];
  change.before.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) starts.push(pos + 1);
    return !node.isTextblock;
  });
  // Look every textblock up in the old document before writing any: writing remaps the
  // ancestors to the new document, after which old-document lookups no longer verify.
  const targets = [];
  for (const start of starts) {
    const $before = change.before.resolve(start);
    const types = ancestorTypes(binding, $before);
    const path = sameContainer($before, change.after, $before.depth);
    if (!types || !path) return false;
    targets.push({ types, path });
  }
  for (const { types, path } of targets) {
    const depth = path.length - 1;
    update(binding, types[depth]!, path[depth]!);
    remapAncestors(binding, types, path, depth - 1);
  }
  return true;
}

/** The text both nodes keep when one becomes the other: a common prefix plus suffix. */
function kept(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)
  ) {
    suffix++;
  }
  return prefix + suffix;
}

/**
 * A replacement of whole children of `container` (a split or join of paragraphs, pasted
 * blocks): old children [start, oldEnd) become new children [start, newEnd). At most one old
 * Y element is kept and updated, the one that keeps the most text (splitting a line at its
 * start keeps the line's element and inserts an empty one before it, instead of moving the
 * whole line into a new element); the others are deleted and the new ones created.
 */
function replaceChildren(
  binding: IncrementalBinding,
  types: Y.XmlFragment[],
  path: NodePath,
  depth: number,
  oldNodes: PMNode[],
  newNodes: PMNode[],
  previous: PMNode | undefined,
): boolean {
  const parent = types[depth]!;
  const { mapping } = binding;
  const oldTypes: Y.XmlElement[] = [];
  let expected = previous === undefined ? parent._start : undefined;
  if (previous !== undefined) {
    const previousType = mapping.typeOf(previous);
    if (previousType?._item?.parent !== parent) return false;
    expected = previousType._item.right;
  }
  for (const node of oldNodes) {
    while (expected && expected.deleted) expected = expected.right;
    const type = mapping.typeOf(node);
    if (!(type instanceof Y.XmlElement) || type._item !== expected || !expected) return false;
    oldTypes.push(type);
    expected = expected.right;
  }
  const first = oldNodes.length > 0 && newNodes.length > 0;
  const canKeepFirst = first && oldNodes[0]!.type === newNodes[0]!.type;
  const canKeepLast = first && oldNodes.at(-1)!.type === newNodes.at(-1)!.type;
  const keepFirst = canKeepFirst ? kept(oldNodes[0]!.textContent, newNodes[0]!.textContent) : -1;
  const keepLast = canKeepLast
    ? kept(oldNodes.at(-1)!.textContent, newNodes.at(-1)!.textContent)
    : -1;

  binding.doc.transact((transaction) => {
    const remove = (list: Y.XmlElement[]) => {
      for (const type of list) {
        mapping.delete(type);
        type._item!.delete(transaction);
      }
    };
    const create = (after: Y.XmlElement | null, nodes: PMNode[]) => {
      if (nodes.length === 0) return;
      const created = nodes.map((node) => new Y.XmlElement(node.type.name));
      parent.insertAfter(after, created);
      created.forEach((type, i) => update(binding, type, nodes[i]!));
    };
    const before = previous === undefined ? null : (mapping.typeOf(previous) as Y.XmlElement);
    if (keepFirst >= 0 && keepFirst >= keepLast) {
      update(binding, oldTypes[0]!, newNodes[0]!);
      remove(oldTypes.slice(1));
      create(oldTypes[0]!, newNodes.slice(1));
    } else if (keepLast >= 0) {
      remove(oldTypes.slice(0, -1));
      create(before, newNodes.slice(0, -1));
      update(binding, oldTypes.at(-1)!, newNodes.at(-1)!);
    } else {
      remove(oldTypes);
      create(before, newNodes);
    }
  }, ySyncPluginKey);
  remapAncestors(binding, types, path, depth);
  return true;
}

function applyReplaceStep(binding: IncrementalBinding, change: StepChange): boolean {
  const step = change.step as ReplaceStep;
  const { before, after } = change;
  const $from = before.resolve(step.from);
  const $to = before.resolve(step.to);
  const { slice } = step;
  const shared = $from.sharedDepth(step.to);
  const inline =
    slice.openStart === 0 && slice.openEnd === 0 && (slice.content.firstChild?.isInline ?? true);
  if ($from.node(shared).isTextblock && inline) {
    // Typing, deleting or pasting inline content inside one textblock.
    const types = ancestorTypes(binding, $from, shared);
    const path = sameContainer($from, after, shared);
    if (!types || !path) return false;
    const element = types[shared]!;
    const written = writeText(
      binding,
      element,
      $from.parent,
      path[shared]!,
      $from.parentOffset,
      $to.parentOffset,
      slice,
    );
    if (!written) update(binding, element, path[shared]!);
    remapAncestors(binding, types, path, shared - 1);
    return true;
  }
  // Otherwise the step replaces whole children of a block container: the deepest node that
  // contains both ends and is not cut open by the slice (splitting a list item cuts the
  // paragraph and the item, so the list's children change).
  const depth = Math.min(shared, $from.depth - slice.openStart);
  const container = $from.node(depth);
  if (depth < 0 || container.isTextblock) return false;
  const start = $from.index(depth);
  const oldEnd = $to.depth > depth ? $to.index(depth) + 1 : $to.index(depth);
  const types = ancestorTypes(binding, $from, depth);
  const path = sameContainer($from, after, depth);
  if (!types || !path) return false;
  const next = path[depth]!;
  const newEnd = oldEnd + next.childCount - container.childCount;
  if (newEnd < start) return false;
  // Children outside the range are untouched by a ReplaceStep; check the neighbours anyway.
  if (start > 0 && next.child(start - 1) !== container.child(start - 1)) return false;
  if (oldEnd < container.childCount && next.child(newEnd) !== container.child(oldEnd)) return false;
  const oldNodes: PMNode[] = [];
  for (let i = start; i < oldEnd; i++) oldNodes.push(container.child(i));
  const newNodes: PMNode[] = [];
  for (let i = start; i < newEnd; i++) newNodes.push(next.child(i));
  const previous = start > 0 ? container.child(start - 1) : undefined;
  return replaceChildren(binding, types, path, depth, oldNodes, newNodes, previous);
}

/**
 * Writes `changes` to the Y fragment step by step. Returns false as soon as a step is not one
 * it handles; the Y fragment then matches the document before that step, and the caller
 * finishes with the full comparison.
 */
export function applyIncrementally(binding: IncrementalBinding, changes: StepChange[]): boolean {
  for (const change of changes) {
    const { step } = change;
    let done = false;
    if (step instanceof ReplaceStep) done = applyReplaceStep(binding, change);
    else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep)
      done = applyMarkStep(binding, change);
    if (!done) return false;
  }
  return true;
}

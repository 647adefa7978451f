import type { Node as PMNode, ResolvedPos } from 'prosemirror-model';
import type { Selection } from 'prosemirror-state';
import { absolutePositionToRelativePosition } from 'y-prosemirror';
import * as Y from 'yjs';
import type { BindingMapping } from './mapping.js';

/** The selection in Yjs terms, as y-prosemirror stores it (`getRelativeSelection`'s shape). */
export interface RelativeSelection {
  type: unknown;
  anchor: Y.RelativePosition | null;
  head: Y.RelativePosition | null;
}

/** What the binding knows: the bound fragment and its Y type ↔ node mapping. */
export interface BindingTypes {
  type: Y.XmlFragment;
  mapping: BindingMapping;
}

/**
 * The Y types of the ancestors of `$pos` from the root (index 0) down to `depth`, found through
 * the mapping in O(depth) instead of by walking the Y tree. Undefined when the mapping cannot
 * vouch for every level (the document is not the one the Y fragment was last synced with, a
 * node is mapped ambiguously, a type was deleted), so callers fall back to y-prosemirror.
 */
export function ancestorTypes(
  binding: BindingTypes,
  $pos: ResolvedPos,
  depth = $pos.depth,
): Y.XmlElement[] | undefined {
  const { mapping, type: root } = binding;
  if (mapping.get(root) !== $pos.doc) return undefined;
  // The root is an XmlFragment; callers use the list as parents, which both types are.
  const types: Y.XmlFragment[] = [root];
  for (let d = 1; d <= depth; d++) {
    const node = $pos.node(d);
    const type = mapping.typeOf(node);
    const item = type?._item;
    if (
      !(type instanceof Y.XmlElement) ||
      !item ||
      item.deleted ||
      item.parent !== types[d - 1] ||
      type.nodeName !== node.type.name
    ) {
      return undefined;
    }
    types.push(type);
  }
  return types as Y.XmlElement[];
}

/**
 * The Yjs relative position y-prosemirror's `absolutePositionToRelativePosition` would return
 * for a position inside a textblock, computed from the textblock alone. Undefined when the fast
 * route does not apply.
 */
function textblockRelativePosition(
  binding: BindingTypes,
  $pos: ResolvedPos,
): Y.RelativePosition | undefined {
  if (!$pos.parent.isTextblock || $pos.depth === 0) return undefined;
  const types = ancestorTypes(binding, $pos);
  const element = types?.[$pos.depth];
  if (!element?._item) return undefined;
  const assoc = binding.type.length === 0 ? -1 : 0;
  let offset = $pos.parentOffset;
  for (let item = element._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const child = (item.content as Y.ContentType).type;
    if (child instanceof Y.XmlText) {
      if (child.length >= offset)
        return Y.createRelativePositionFromTypeIndex(child, offset, assoc);
      offset -= child.length;
    } else if (child instanceof Y.XmlElement && child._start === null) {
      // An inline leaf (hard break, mention, image): the position before it points at it.
      if (offset === 0) return new Y.RelativePosition(element._item.id, null, item.id);
      const node = binding.mapping.get(child);
      if (node === undefined || Array.isArray(node)) return undefined;
      offset -= node.nodeSize;
    } else {
      return undefined;
    }
  }
  // After the last inline leaf, or in an empty textblock: the end of the textblock.
  return offset === 0 ? new Y.RelativePosition(element._item.id, null, null) : undefined;
}

/** `absolutePositionToRelativePosition` with a constant-time route for textblock positions. */
export function relativePosition(
  binding: BindingTypes,
  doc: PMNode,
  pos: number,
): Y.RelativePosition {
  const fast =
    binding.mapping.get(binding.type) === doc
      ? textblockRelativePosition(binding, doc.resolve(pos))
      : undefined;
  return (
    fast ??
    (absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition)
  );
}

/** y-prosemirror's `getRelativeSelection` for `selection` in `doc`, mostly in constant time. */
export function relativeSelection(
  binding: BindingTypes,
  doc: PMNode,
  selection: Selection,
): RelativeSelection {
  const anchor = relativePosition(binding, doc, selection.anchor);
  return {
    type: (selection as unknown as { jsonID: unknown }).jsonID,
    anchor,
    head:
      selection.head === selection.anchor ? anchor : relativePosition(binding, doc, selection.head),
  };
}

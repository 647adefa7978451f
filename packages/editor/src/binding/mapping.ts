import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';

type Mapped = PMNode | PMNode[];
// y-prosemirror keys its mapping by `Y.AbstractType<any>`: Yjs' event handler types make the
// Y types mutually unassignable under any narrower parameter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;

/**
 * y-prosemirror's Y type → ProseMirror node mapping, which also answers the reverse question
 * (which Y element shows this node?) in constant time. y-prosemirror itself only ever walks the
 * Y tree from the start to find a node, which costs O(blocks before it) on every keystroke.
 *
 * y-prosemirror keeps calling `set`, `delete` and `clear` on it as usual; the reverse index
 * follows exactly: it holds a node only while a type maps to it (a `set` that replaces a node
 * drops the old node's entry), so it can be a plain `Map`. A `WeakMap` kept every node of every
 * keystroke as an entry until the collector cleared it, which cost more collection work than
 * the lookups. The same immutable node object can sit at two places of a document (a pasted slice
 * may share nodes with the document it came from); each place has its own Y type, so the node
 * is then mapped from two types and has no reliable reverse entry. Such a node is remembered
 * as ambiguous and `typeOf` never answers for it.
 */
export class BindingMapping extends Map<YType, Mapped> {
  private reverse = new Map<PMNode, YType>();
  private ambiguous = new WeakSet<PMNode>();

  override set(type: YType, node: Mapped): this {
    // Map's constructor calls set before the field initialisers run; it is never given entries.
    if (this.reverse) {
      const old = super.get(type);
      if (
        old !== undefined &&
        old !== node &&
        !Array.isArray(old) &&
        this.reverse.get(old) === type
      )
        this.reverse.delete(old);
      if (!Array.isArray(node)) {
        const other = this.reverse.get(node);
        if (other !== undefined && other !== type && super.get(other) === node) {
          this.ambiguous.add(node);
        }
        this.reverse.set(node, type);
      }
    }
    return super.set(type, node);
  }

  override delete(type: YType): boolean {
    const node = super.get(type);
    if (node !== undefined && !Array.isArray(node) && this.reverse.get(node) === type) {
      this.reverse.delete(node);
    }
    return super.delete(type);
  }

  override clear(): void {
    this.reverse = new Map();
    this.ambiguous = new WeakSet();
    super.clear();
  }

  /** How many nodes the reverse index holds: never more than the types mapped to a node. */
  get reverseSize(): number {
    return this.reverse.size;
  }

  /**
   * The Y element currently mapped to `node`, or undefined. Checks that the mapping still
   * agrees in both directions, so a stale reverse entry is never returned, and answers nothing
   * for a node mapped from more than one type.
   */
  typeOf(node: PMNode): YType | undefined {
    const type = this.reverse.get(node);
    return type !== undefined && super.get(type) === node && !this.ambiguous.has(node)
      ? type
      : undefined;
  }
}

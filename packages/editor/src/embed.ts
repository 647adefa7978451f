import type { Node as PMNode } from 'prosemirror-model';
import type { NodeView } from 'prosemirror-view';
import { embedRenderFailed, type EditorError } from './errors.js';

/** What an embed points at: a Muster table, form or live statistics block. */
export const EMBED_KINDS = ['table', 'form', 'stats'] as const;

/** One of {@link EMBED_KINDS}. */
export type EmbedKind = (typeof EMBED_KINDS)[number];

/** The attributes of an embed node. */
export interface EmbedRef {
  kind: EmbedKind;
  /** Id of the embedded table, form or statistics block (URL-safe characters only). */
  id: string;
}

/** Returned by a {@link EmbedRenderer} to be told when the embed leaves the document. */
export interface EmbedHandle {
  destroy?(): void;
}

/**
 * Host callback that draws an embed into `container`, which the editor owns and never edits.
 * It runs once per embed node shown; return a handle to release subscriptions on removal.
 *
 * @example
 * const renderEmbed: EmbedRenderer = (container, { kind, id }) => {
 *   const widget = mountStats(container, id); // e.g. a live statistics block
 *   return { destroy: () => widget.unmount() };
 * };
 */
export type EmbedRenderer = (container: HTMLElement, embed: EmbedRef) => EmbedHandle | void;

// Ids come from Muster's id generator (URL-safe alphabet); anything else is not an embed.
const EMBED_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Returns the embed reference when `kind` and `id` are valid, otherwise `null`. */
export function toEmbedRef(kind: unknown, id: unknown): EmbedRef | null {
  if (typeof kind !== 'string' || !(EMBED_KINDS as readonly string[]).includes(kind)) return null;
  if (typeof id !== 'string' || !EMBED_ID.test(id)) return null;
  return { kind: kind as EmbedKind, id };
}

/**
 * Node view that hands the embed's box to the host. ProseMirror treats it as an opaque atom:
 * events inside it belong to the host widget and its DOM mutations are not document edits.
 */
export class EmbedView implements NodeView {
  readonly dom: HTMLElement;
  private handle: EmbedHandle | void = undefined;
  private readonly ref: EmbedRef | null;

  constructor(
    node: PMNode,
    render: EmbedRenderer | undefined,
    onError: (error: EditorError) => void,
  ) {
    this.ref = toEmbedRef(node.attrs.kind, node.attrs.id);
    this.dom = document.createElement('div');
    this.dom.className = 'muster-embed';
    this.dom.contentEditable = 'false';
    if (this.ref === null) {
      this.dom.textContent = 'Invalid embed';
      return;
    }
    this.dom.dataset.embedKind = this.ref.kind;
    this.dom.dataset.embedId = this.ref.id;
    if (render === undefined) {
      this.dom.textContent = `${this.ref.kind} ${this.ref.id}`;
      return;
    }
    try {
      this.handle = render(this.dom, this.ref);
    } catch (cause) {
      // A broken widget must not take the document down with it: show a fallback and report.
      this.dom.textContent = 'This embed could not be shown.';
      onError(embedRenderFailed(this.ref.kind, this.ref.id, cause));
    }
  }

  update(node: PMNode): boolean {
    // Same target: keep the live widget. Another target: let ProseMirror build a new view.
    return (
      node.type.name === 'embed' &&
      this.ref !== null &&
      node.attrs.kind === this.ref.kind &&
      node.attrs.id === this.ref.id
    );
  }

  stopEvent(): boolean {
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.handle?.destroy?.();
  }
}

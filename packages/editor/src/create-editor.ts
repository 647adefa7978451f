import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { initProseMirrorDoc } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BindingMapping } from './binding/mapping.js';
import { cursorPlugin } from './binding/presence.js';
import { collaborationBinding } from './binding/sync.js';
import { buildCursor, buildSelection } from './cursors.js';
import { EmbedView, type EmbedRenderer } from './embed.js';
import {
  destroyed,
  invalidElement,
  invalidField,
  invalidUserColor,
  type EditorError,
} from './errors.js';
import { buildInputRules } from './input-rules.js';
import { buildKeymap } from './keymap.js';
import { cleanOfficeHTML } from './paste.js';
import { schema } from './schema.js';
import { tableEditingPlugin } from './table-editing.js';

/** Who is typing: shown next to this user's cursor in everybody else's editor. */
export interface EditorUser {
  name: string;
  /** `#rrggbb`; remote selections are drawn in this colour. */
  color: string;
}

/** Options of {@link createEditor}. */
export interface CreateEditorOptions {
  /** The element the editor mounts into (the editable surface is appended to it). */
  element: HTMLElement;
  /** The shared document; the body lives in the `Y.XmlFragment` named {@link field}. */
  doc: Y.Doc;
  /** Name of the `Y.XmlFragment` in {@link doc}. Defaults to `"body"`. */
  field?: string;
  /** Presence channel; with it, remote cursors and selections are shown. */
  awareness?: Awareness;
  /** The local user, published in `awareness` under `user`. */
  user?: EditorUser;
  /** Defaults to `true`. */
  editable?: boolean;
  /** Draws table/form/stats embeds; without it an embed shows its kind and id. */
  renderEmbed?: EmbedRenderer;
  /**
   * Told when `renderEmbed` throws (the embed then shows a fallback). Without it the error is
   * rethrown asynchronously so it reaches the page's error reporting instead of vanishing.
   */
  onError?: (error: EditorError) => void;
}

/** A mounted editor. */
export interface MusterEditor {
  /** The ProseMirror view, for commands, state and plugins of your own. */
  readonly view: EditorView;
  /** Unmounts the editor, stops syncing and clears this user's cursor from awareness. */
  destroy(): void;
  /** Switches between editing and read-only. */
  setEditable(editable: boolean): void;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * Mounts a collaborative editor for the rich-text body of a Y.Doc. Works with any framework
 * (or none): it needs an element, the doc and, for presence, a y-protocols Awareness.
 *
 * @example
 * import * as Y from 'yjs';
 * import { Awareness } from 'y-protocols/awareness';
 * import { createEditor } from '@muster/editor';
 *
 * const doc = new Y.Doc();
 * const awareness = new Awareness(doc);
 * const editor = createEditor({
 *   element: document.querySelector('#doc')!,
 *   doc,
 *   awareness,
 *   user: { name: 'Ada', color: '#30bced' },
 *   renderEmbed: (container, { kind, id }) => {
 *     container.textContent = `${kind} ${id}`;
 *   },
 * });
 * // later
 * editor.destroy();
 */
export function createEditor(options: CreateEditorOptions): MusterEditor {
  const { element, doc, field = 'body', awareness, user, renderEmbed, onError } = options;
  if (typeof HTMLElement === 'undefined' || !(element instanceof HTMLElement)) {
    throw invalidElement(element);
  }
  if (user !== undefined && !COLOR.test(user.color)) throw invalidUserColor(user.color);
  const fragment = getFragment(doc, field);
  if (awareness && user)
    awareness.setLocalStateField('user', { name: user.name, color: user.color });

  let editable = options.editable ?? true;
  let isDestroyed = false;
  const reportError =
    onError ??
    ((error: EditorError) => {
      queueMicrotask(() => {
        throw error;
      });
    });

  // Build the first state from the fragment so the initial render already shows the content
  // and the binding starts with a complete node mapping.
  const init = initProseMirrorDoc(fragment, schema);
  const mapping = new BindingMapping();
  for (const [type, node] of init.mapping) mapping.set(type, node);
  // An empty fragment yields a doc without children, which the schema (block+) forbids and a
  // user cannot type into. Start from one empty paragraph; y-prosemirror writes it to the
  // Y.Doc only once the user changes it, so merely opening a document never edits it.
  const initialDoc = init.doc.childCount > 0 ? init.doc : schema.topNodeType.createAndFill()!;
  const binding = collaborationBinding(fragment, mapping, initialDoc);
  const plugins = [
    ...binding.sync,
    ...(awareness
      ? [
          cursorPlugin(
            awareness,
            { type: fragment, mapping },
            { cursorBuilder: buildCursor, selectionBuilder: buildSelection },
          ),
        ]
      : []),
    binding.undo,
    buildInputRules(),
    ...buildKeymap(),
    dropCursor(),
    gapCursor(),
    tableEditingPlugin(),
  ];
  const state = EditorState.create({ schema, doc: initialDoc, plugins });
  binding.attach(state);
  const view = new EditorView(element, {
    state,
    editable: () => editable,
    // y-prosemirror dispatches some updates (cursor decorations) from a timer; one may fire
    // after destroy(), when the view can no longer take a transaction.
    dispatchTransaction(tr) {
      if (!isDestroyed) view.updateState(view.state.apply(tr));
    },
    transformPastedHTML: (html) => cleanOfficeHTML(html, element.ownerDocument),
    nodeViews: {
      embed: (node) => new EmbedView(node, renderEmbed, reportError),
    },
  });

  return {
    view,
    destroy() {
      if (isDestroyed) return;
      isDestroyed = true;
      view.destroy();
      // The cursor plugin clears the selection; drop the whole presence entry of this editor.
      if (awareness && user) awareness.setLocalStateField('user', null);
    },
    setEditable(value: boolean) {
      if (isDestroyed) throw destroyed('setEditable');
      editable = value;
      // Re-evaluates the editable prop (contenteditable attribute) without changing state.
      view.setProps({});
    },
  };
}

function getFragment(doc: Y.Doc, field: string): Y.XmlFragment {
  const existing = doc.share.get(field);
  // An untyped placeholder (created by a remote update before anyone asked for the type) can
  // still become an XmlFragment; any concrete other type cannot.
  if (
    existing !== undefined &&
    existing.constructor !== Y.AbstractType &&
    !(existing instanceof Y.XmlFragment)
  ) {
    throw invalidField(field, existing.constructor.name);
  }
  return doc.getXmlFragment(field);
}

import { Plugin, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  relativePositionToAbsolutePosition,
  setMeta,
  yCursorPlugin,
  yCursorPluginKey,
  ySyncPluginKey,
} from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { relativeSelection, type BindingTypes } from './positions.js';

// y-prosemirror's cursor plugin draws the collaborators' cursors and publishes the local one.
// To publish it, it turns the selection into Yjs positions by walking the document from the
// start, twice on every transaction while the editor has focus: O(blocks) per keystroke. Its
// drawing part is kept; the publishing part is this module's, with the positions found from
// the cursor's textblock (positions.ts).

type CursorOptions = NonNullable<Parameters<typeof yCursorPlugin>[1]>;

interface PublishedCursor {
  anchor: unknown;
  head: unknown;
}

function sameCursor(
  published: PublishedCursor,
  anchor: Y.RelativePosition,
  head: Y.RelativePosition,
) {
  return (
    Y.compareRelativePositions(Y.createRelativePositionFromJSON(published.anchor), anchor) &&
    Y.compareRelativePositions(Y.createRelativePositionFromJSON(published.head), head)
  );
}

/** Whether a published cursor points into this editor's fragment (and not another editor's). */
function pointsHere(state: EditorState, published: PublishedCursor): boolean {
  const { doc, type, binding } = ySyncPluginKey.getState(state);
  const anchor = Y.createRelativePositionFromJSON(published.anchor);
  return relativePositionToAbsolutePosition(doc, type, anchor, binding.mapping) !== null;
}

function publisher(view: EditorView, awareness: Awareness, types: BindingTypes) {
  return () => {
    const cursor = (awareness.getLocalState()?.['cursor'] ?? null) as PublishedCursor | null;
    if (view.hasFocus()) {
      const { anchor, head } = relativeSelection(types, view.state.doc, view.state.selection);
      if (anchor && head && (cursor === null || !sameCursor(cursor, anchor, head))) {
        awareness.setLocalStateField('cursor', { anchor, head });
      }
    } else if (cursor !== null && pointsHere(view.state, cursor)) {
      awareness.setLocalStateField('cursor', null);
    }
  };
}

/**
 * y-prosemirror's `yCursorPlugin` for `awareness`, publishing the local cursor without walking
 * the document. `types` are the editor's bound fragment and mapping.
 */
export function cursorPlugin(
  awareness: Awareness,
  types: BindingTypes,
  options: CursorOptions,
): Plugin {
  const { spec } = yCursorPlugin(awareness, options);
  return new Plugin({
    ...spec,
    view(view) {
      // A changed awareness redraws the remote cursors, batched like y-prosemirror does.
      const redraw = () => setMeta(view, yCursorPluginKey, { awarenessUpdated: true });
      const publish = publisher(view, awareness, types);
      awareness.on('change', redraw);
      view.dom.addEventListener('focusin', publish);
      view.dom.addEventListener('focusout', publish);
      return {
        update: publish,
        destroy() {
          view.dom.removeEventListener('focusin', publish);
          view.dom.removeEventListener('focusout', publish);
          awareness.off('change', redraw);
          awareness.setLocalStateField('cursor', null);
        },
      };
    },
  });
}

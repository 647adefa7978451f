import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import {
  absolutePositionToRelativePosition,
  initProseMirrorDoc,
  undoCommand,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPlugin,
  yUndoPluginKey,
  yXmlFragmentToProseMirrorRootNode,
} from 'y-prosemirror';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { BindingMapping } from '../src/binding/mapping.js';
import { relativePosition } from '../src/binding/positions.js';
import { syncStats } from '../src/binding/sync.js';
import { createEditor, parseMarkdown, schema } from '../src/index.js';
import { fraction, opArb, transaction } from './edit-ops.js';
import { Link, mountPeer, unmount, type Peer } from './helpers.js';

// The editor writes local changes to Y step by step (src/binding). These properties hold it to
// y-prosemirror's own full-document comparison: the same edits give the same Y content.

/** An editor on y-prosemirror's own plugins, as the reference. */
function referenceEditor(doc: Y.Doc): EditorView {
  const fragment = doc.getXmlFragment('body');
  const init = initProseMirrorDoc(fragment, schema);
  const element = document.createElement('div');
  document.body.append(element);
  return new EditorView(element, {
    state: EditorState.create({
      schema,
      doc: schema.topNodeType.createAndFill()!,
      plugins: [ySyncPlugin(fragment, { mapping: init.mapping }), yUndoPlugin()],
    }),
  });
}

function stopCapturing(view: EditorView): void {
  (
    yUndoPluginKey.getState(view.state) as { undoManager: Y.UndoManager }
  ).undoManager.stopCapturing();
}

/**
 * Whether the Y fragment holds exactly `doc`. y-prosemirror shows an empty fragment (all
 * content undone) as one empty paragraph without writing it, so that case counts as equal.
 */
function mirrors(fragment: Y.XmlFragment, doc: PMNode): boolean {
  if (fragment.length === 0) return doc.childCount === 1 && doc.firstChild!.content.size === 0;
  const stored = yXmlFragmentToProseMirrorRootNode(fragment, schema);
  return JSON.stringify(storable(stored.toJSON())) === JSON.stringify(storable(doc.toJSON()));
}

/** y-prosemirror 1.3 stores marks of text only; a mark on a hard break or mention is local. */
function storable(json: NodeJSON): NodeJSON {
  const { marks, content, ...rest } = json;
  return {
    ...rest,
    ...(marks && json.type === 'text' ? { marks } : {}),
    ...(content ? { content: content.map(storable) } : {}),
  };
}

interface NodeJSON {
  type: string;
  marks?: unknown[];
  content?: NodeJSON[];
  [key: string]: unknown;
}

const INITIAL =
  '# Title\n\nFirst paragraph with **bold** text.\n\nSecond one.\n\n- item one\n- item two\n\n> quoted';

describe('incremental writes to Y', () => {
  it('give the same Y content as y-prosemirror for random edit sequences', () => {
    let incremental = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const fastDoc = new Y.Doc();
        const slowDoc = new Y.Doc();
        const element = document.createElement('div');
        document.body.append(element);
        const fast = createEditor({ element, doc: fastDoc });
        const slow = referenceEditor(slowDoc);
        try {
          const initial = parseMarkdown(INITIAL).content;
          for (const view of [fast.view, slow]) {
            view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, initial));
            stopCapturing(view);
          }
          for (const op of ops) {
            if (op.kind === 'undo') {
              undoCommand(fast.view.state, fast.view.dispatch);
              undoCommand(slow.state, slow.dispatch);
            } else {
              const a = transaction(op, fast.view.state);
              const b = transaction(op, slow.state);
              expect(a === null).toBe(b === null);
              if (a && b) {
                fast.view.dispatch(a);
                slow.dispatch(b);
              }
            }
            stopCapturing(fast.view);
            stopCapturing(slow);
            const fastFragment = fastDoc.getXmlFragment('body');
            expect(fastFragment.toJSON()).toBe(slowDoc.getXmlFragment('body').toJSON());
            expect(fast.view.state.doc.eq(slow.state.doc)).toBe(true);
            expect(mirrors(fastFragment, fast.view.state.doc)).toBe(true);
          }
          const stats = syncStats(fast.view.state)!;
          incremental += stats.incremental;
          total += stats.incremental + stats.full;
        } finally {
          fast.destroy();
          element.remove();
          slow.destroy();
          slow.dom.parentElement?.remove();
          fastDoc.destroy();
          slowDoc.destroy();
        }
      }),
      { numRuns: 60 },
    );
    // The property is only worth something if most writes took the incremental route.
    expect(incremental / total).toBeGreaterThan(0.5);
  });

  it('turn selections into the same Yjs positions as y-prosemirror', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 20 }),
        fc.array(fraction, { minLength: 1, maxLength: 10 }),
        (ops, spots) => {
          const doc = new Y.Doc();
          const element = document.createElement('div');
          document.body.append(element);
          const editor = createEditor({ element, doc });
          try {
            const { view } = editor;
            view.dispatch(
              view.state.tr.replaceWith(
                0,
                view.state.doc.content.size,
                parseMarkdown(INITIAL).content,
              ),
            );
            for (const op of ops) {
              const tr = op.kind === 'undo' ? null : transaction(op, view.state);
              if (tr) view.dispatch(tr);
            }
            const binding = ySyncPluginKey.getState(view.state).binding as {
              type: Y.XmlFragment;
              mapping: BindingMapping;
            };
            for (const spot of spots) {
              const pos = Math.floor(spot * (view.state.doc.content.size + 1));
              const fastPosition = relativePosition(binding, view.state.doc, pos);
              const slowPosition = absolutePositionToRelativePosition(
                pos,
                binding.type,
                binding.mapping,
              );
              expect(Y.relativePositionToJSON(fastPosition)).toEqual(
                Y.relativePositionToJSON(slowPosition),
              );
            }
          } finally {
            editor.destroy();
            element.remove();
            doc.destroy();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('write to the right paragraph when one node object sits at two places', () => {
    const doc = new Y.Doc();
    const element = document.createElement('div');
    document.body.append(element);
    const editor = createEditor({ element, doc });
    try {
      const { view } = editor;
      view.dispatch(
        view.state.tr.replaceWith(0, view.state.doc.content.size, parseMarkdown(INITIAL).content),
      );
      // A slice of whole nodes shares them with its document: pasting the first paragraph at
      // the end puts the very same node object there too, each place with its own Y element.
      const first = view.state.doc.child(1);
      view.dispatch(view.state.tr.insert(view.state.doc.content.size, first));
      expect(view.state.doc.child(1)).toBe(view.state.doc.lastChild);
      // The node's last Y element is the copy's; typing into the original must not go there.
      const fragment = doc.getXmlFragment('body');
      view.dispatch(view.state.tr.insertText('The ', view.state.doc.child(0).nodeSize + 1));
      expect(mirrors(fragment, view.state.doc)).toBe(true);
      view.dispatch(view.state.tr.insertText(' (copy)', view.state.doc.content.size - 1));
      expect(mirrors(fragment, view.state.doc)).toBe(true);
    } finally {
      editor.destroy();
      element.remove();
      doc.destroy();
    }
  });

  it('keep Y equal to the editor while a collaborator edits too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), opArb, fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (moves, seed) => {
          let state = seed;
          const random = () => {
            state = (state * 48271) % 2147483647;
            return state / 2147483647;
          };
          const a = mountPeer('Ada', '#30bced');
          const b = mountPeer('Bo', '#ee6352');
          try {
            const link = new Link(a, b, random);
            const { view } = a.editor;
            view.dispatch(
              view.state.tr.replaceWith(
                0,
                view.state.doc.content.size,
                parseMarkdown(INITIAL).content,
              ),
            );
            link.flush();
            const same = (peer: Peer) =>
              mirrors(peer.doc.getXmlFragment('body'), peer.editor.view.state.doc);
            for (const [onA, op, deliver] of moves) {
              const peer = onA ? a : b;
              const tr = op.kind === 'undo' ? null : transaction(op, peer.editor.view.state);
              if (tr) peer.editor.view.dispatch(tr);
              expect(same(peer)).toBe(true);
              if (deliver) link.deliver();
              expect(same(a) && same(b)).toBe(true);
            }
            link.flush();
            expect(storable(b.editor.view.state.doc.toJSON())).toEqual(
              storable(a.editor.view.state.doc.toJSON()),
            );
            expect(same(a) && same(b)).toBe(true);
          } finally {
            unmount(a);
            unmount(b);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/index.js';
import { fraction, opArb, transaction, type Op } from './edit-ops.js';
import { prng } from './helpers.js';

// The editor runs on patched prosemirror-model and prosemirror-view (patches/, see
// ARCHITECTURE.md): positions in a fragment of many children are found through a kept index of
// child end positions, and a view update where one top-level block or one plain text changed
// skips the general tree updater. These tests check both against what the unpatched code
// computes: positions against a walk over the children, and the patched view's DOM against the
// DOM a freshly created view draws for the same state, after every random change — including
// decorations coming and going and text typed straight into the DOM.

/** A long document: the patched paths start at 64 top-level children. */
const LINES = Array.from({ length: 90 }, (_, i) => `Line ${i} of a long document.`).join('\n\n');

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) {
    view.destroy();
    view.dom.remove();
  }
});

function mount(state: EditorState): EditorView {
  const element = document.createElement('div');
  document.body.append(element);
  const view = new EditorView(element, { state });
  views.push(view);
  return view;
}

/** What a view created now draws for `state`. */
function freshHTML(state: EditorState): string {
  const view = new EditorView(document.createElement('div'), { state });
  const html = view.dom.innerHTML;
  view.destroy();
  return html;
}

/** Where `pos` lies, found by walking the children: what `resolve` answers, the slow way. */
function walk(doc: PMNode, pos: number): { index: number; offset: number }[] {
  const path: { index: number; offset: number }[] = [];
  let node = doc;
  let rest = pos;
  for (;;) {
    let index = 0;
    let offset = 0;
    while (index < node.childCount && offset + node.child(index).nodeSize <= rest) {
      offset += node.child(index).nodeSize;
      index++;
    }
    path.push({ index, offset });
    const child = index < node.childCount ? node.child(index) : null;
    if (!child || child.isText || rest === offset) return path;
    rest -= offset + 1;
    node = child;
  }
}

describe('patched prosemirror-model: positions in long documents', () => {
  it('resolve finds the same path as a walk over the children, after random edits', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.array(fraction, { minLength: 5, maxLength: 15 }),
        (ops, probes) => {
          let state = EditorState.create({ doc: parseMarkdown(LINES) });
          for (const op of ops) {
            if (op.kind === 'undo') continue;
            const tr = transaction(op, state);
            if (tr) state = state.apply(tr);
            const { doc } = state;
            for (const probe of probes) {
              const pos = Math.floor(probe * (doc.content.size + 1));
              const $pos = doc.resolve(pos);
              const expected = walk(doc, pos);
              expect($pos.depth).toBe(expected.length - 1);
              for (let d = 0; d <= $pos.depth; d++) {
                expect($pos.index(d)).toBe(expected[d]!.index);
                expect($pos.posAtIndex($pos.index(d), d)).toBe(
                  (d === 0 ? 0 : $pos.start(d)) + expected[d]!.offset,
                );
              }
            }
          }
          // The index the patch keeps: built by the first lookup in a long fragment.
          expect(
            (state.doc.content as unknown as { childEnds: number[] | null }).childEnds,
          ).not.toBeNull();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('resolve stays right over long runs of typing, across the rebuilds of the kept index', () => {
    const random = prng(7);
    let state = EditorState.create({ doc: parseMarkdown(LINES) });
    for (let i = 0; i < 200; i++) {
      const { doc } = state;
      const line = Math.floor(random() * doc.childCount);
      const start = doc.resolve(0).posAtIndex(line, 0) + 1;
      const size = doc.child(line).content.size;
      const at = start + Math.floor(random() * (size + 1));
      // Mostly typing, some deleting: each changes one top-level child's size.
      const tr =
        random() < 0.7 || size === 0
          ? state.tr.insertText('xy'.slice(0, 1 + Math.floor(random() * 2)), at)
          : state.tr.delete(start, start + 1);
      state = state.apply(tr);
      for (let k = 0; k < 5; k++) {
        const pos = Math.floor(random() * (state.doc.content.size + 1));
        const $pos = state.doc.resolve(pos);
        const expected = walk(state.doc, pos);
        expect($pos.depth).toBe(expected.length - 1);
        for (let d = 0; d <= $pos.depth; d++) expect($pos.index(d)).toBe(expected[d]!.index);
      }
    }
  });

  it('a fragment made by replaceChild records which child it replaced, and in what', () => {
    const state = EditorState.create({ doc: parseMarkdown(LINES) });
    const before = state.doc;
    const pos = before.resolve(0).posAtIndex(37, 0) + 3;
    const after = state.apply(state.tr.insertText('x', pos)).doc;
    const content = after.content as unknown as { replacedIn: unknown; replacedAt: number };
    expect(content.replacedAt).toBe(37);
    expect(content.replacedIn).toBe((before.content as unknown as { content: unknown }).content);
  });
});

const decorationsKey = new PluginKey<DecorationSet>('test-decorations');

/** Decorations that the test adds and clears with transaction metadata, mapped through edits. */
const decorations = new Plugin<DecorationSet>({
  key: decorationsKey,
  state: {
    init: () => DecorationSet.empty,
    apply(tr, set) {
      const meta = tr.getMeta(decorationsKey) as
        { clear: true } | { add: { kind: number; at: number } } | undefined;
      if (meta && 'clear' in meta) return DecorationSet.empty;
      const mapped = set.map(tr.mapping, tr.doc);
      if (!meta) return mapped;
      const { doc } = tr;
      const $at = doc.resolve(Math.floor(meta.add.at * (doc.content.size + 1)));
      // The top-level block holding (or, between blocks, after) that position.
      const index = Math.min($at.index(0), doc.childCount - 1);
      const block = $at.posAtIndex(index, 0);
      const deco = [
        Decoration.widget($at.pos, () => {
          const span = document.createElement('span');
          span.className = 'widget';
          return span;
        }),
        Decoration.inline($at.pos, Math.min($at.pos + 5, $at.end()), { class: 'hl' }),
        Decoration.node(block, block + doc.child(index).nodeSize, { class: 'marked' }),
      ][meta.add.kind]!;
      return mapped.add(doc, [deco]);
    },
  },
  props: { decorations: (state) => decorationsKey.getState(state) },
});

type ViewOp =
  | Op
  | { kind: 'decorate'; deco: number; at: number }
  | { kind: 'undecorate' }
  | { kind: 'domType'; at: number; text: string };

const viewOpArb: fc.Arbitrary<ViewOp> = fc.oneof(
  { weight: 6, arbitrary: opArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('decorate' as const),
      deco: fc.integer({ min: 0, max: 2 }),
      at: fraction,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'undecorate' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('domType' as const),
      at: fraction,
      text: fc.stringMatching(/^[a-z]{1,3}$/),
    }),
  },
);

/** Types into a DOM text node, as the browser would, and lets ProseMirror read the change. */
function typeIntoDOM(view: EditorView, at: number, text: string): void {
  const walker = document.createTreeWalker(view.dom, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Widgets are not document content; typing there is not typing into the document.
    if (!(node.parentElement as HTMLElement).closest('.widget')) texts.push(node as Text);
  }
  if (texts.length === 0) return;
  const target = texts[Math.floor(at * texts.length)]!;
  const offset = Math.floor(target.data.length / 2);
  // Put the selection where the browser would have it, then change the text under it.
  const position = view.posAtDOM(target, offset);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, position)));
  const before = view.state.doc.textContent.length;
  target.insertData(offset, text);
  (view as unknown as { domObserver: { flush(): void } }).domObserver.flush();
  // ProseMirror read the typed text into the document.
  expect(view.state.doc.textContent.length).toBe(before + text.length);
}

describe('patched prosemirror-view: updates of long documents', () => {
  it('draw what a fresh view draws, after random edits, decorations and DOM typing', () => {
    fc.assert(
      fc.property(fc.array(viewOpArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const view = mount(
          EditorState.create({ doc: parseMarkdown(LINES), plugins: [decorations] }),
        );
        try {
          for (const op of ops) {
            if (op.kind === 'undo') continue;
            if (op.kind === 'decorate') {
              view.dispatch(
                view.state.tr.setMeta(decorationsKey, { add: { kind: op.deco, at: op.at } }),
              );
            } else if (op.kind === 'undecorate') {
              view.dispatch(view.state.tr.setMeta(decorationsKey, { clear: true }));
            } else if (op.kind === 'domType') {
              typeIntoDOM(view, op.at, op.text);
            } else {
              const tr = transaction(op, view.state);
              if (tr) view.dispatch(tr);
            }
            expect(view.dom.innerHTML).toBe(freshHTML(view.state));
          }
        } finally {
          view.destroy();
          view.dom.remove();
          views.splice(views.indexOf(view), 1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('update one paragraph of a long document without the general tree updater', () => {
    const view = mount(EditorState.create({ doc: parseMarkdown(LINES) }));
    // The general updater is NodeViewDesc.updateChildren; count its calls while typing.
    const desc = (view as unknown as { docView: object }).docView;
    const prototype = Object.getPrototypeOf(desc) as { updateChildren: (...a: unknown[]) => void };
    const general = prototype.updateChildren;
    let calls = 0;
    prototype.updateChildren = function (this: unknown, ...args: unknown[]) {
      calls++;
      return general.apply(this, args);
    };
    try {
      for (let i = 0; i < 20; i++) {
        const line = (i * 7) % view.state.doc.childCount;
        const pos = view.state.doc.resolve(0).posAtIndex(line, 0) + 2;
        view.dispatch(view.state.tr.insertText('ab', pos));
        view.dispatch(view.state.tr.delete(pos, pos + 1));
      }
    } finally {
      prototype.updateChildren = general;
    }
    expect(calls).toBe(0);
    expect(view.dom.innerHTML).toBe(freshHTML(view.state));
    expect(view.state.doc.child(0).textContent).toBe('Lbine 0 of a long document.');
  });
});

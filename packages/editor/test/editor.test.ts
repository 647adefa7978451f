import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { TextSelection, type Command } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { absolutePositionToRelativePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import {
  createEditor,
  EditorError,
  EditorErrorCode,
  insertEmbed,
  insertImage,
  insertMention,
  insertTable,
  parseMarkdown,
  serializeMarkdown,
  setLink,
  type EmbedRef,
  type MusterEditor,
} from '../src/index.js';
import { Link, mountPeer, prng, unmount, type Peer } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function mount(options: Partial<Parameters<typeof createEditor>[0]> = {}): MusterEditor {
  const element = document.createElement('div');
  document.body.append(element);
  const doc = options.doc ?? new Y.Doc();
  const editor = createEditor({ element, doc, ...options });
  cleanups.push(() => {
    editor.destroy();
    element.remove();
  });
  return editor;
}

function track(...peers: Peer[]): void {
  for (const peer of peers) cleanups.push(() => unmount(peer));
}

function setContent(editor: MusterEditor, markdown: string): void {
  const { view } = editor;
  view.dispatch(
    view.state.tr.replaceWith(0, view.state.doc.content.size, parseMarkdown(markdown).content),
  );
}

describe('createEditor', () => {
  it('starts an empty document with one paragraph and writes nothing until the user edits', () => {
    const doc = new Y.Doc();
    const editor = mount({ doc });
    expect(editor.view.state.doc.childCount).toBe(1);
    expect(doc.getXmlFragment('body').length).toBe(0);
    editor.view.dispatch(editor.view.state.tr.insertText('x', 1));
    expect(doc.getXmlFragment('body').toString()).toBe('<paragraph>x</paragraph>');
  });

  it('shows existing content of the chosen field', () => {
    const doc = new Y.Doc();
    const first = mount({ doc, field: 'notes' });
    setContent(first, '# Hello');
    const second = mount({ doc, field: 'notes' });
    expect(second.view.state.doc.toJSON()).toEqual(first.view.state.doc.toJSON());
  });

  it('rejects a bad element, a bad colour and a field of another type with typed errors', () => {
    const doc = new Y.Doc();
    const codeOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return error instanceof EditorError ? error.code : error;
      }
      return 'no error';
    };
    expect(codeOf(() => createEditor({ element: {} as HTMLElement, doc }))).toBe(
      EditorErrorCode.INVALID_ELEMENT,
    );
    expect(
      codeOf(() =>
        createEditor({
          element: document.createElement('div'),
          doc,
          user: { name: 'x', color: 'red' },
        }),
      ),
    ).toBe(EditorErrorCode.INVALID_USER_COLOR);
    doc.getMap('body');
    expect(codeOf(() => createEditor({ element: document.createElement('div'), doc }))).toBe(
      EditorErrorCode.INVALID_FIELD,
    );
  });

  it('setEditable switches the view between editing and read-only', () => {
    const editor = mount({ editable: false });
    expect(editor.view.dom.getAttribute('contenteditable')).toBe('false');
    editor.setEditable(true);
    expect(editor.view.dom.getAttribute('contenteditable')).toBe('true');
    editor.destroy();
    expect(() => editor.setEditable(false)).toThrow(EditorError);
  });
});

describe("the local selection across a collaborator's change", () => {
  it('keeps its place in the text when text is inserted before it, right after local typing', () => {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    track(a, b);
    const link = new Link(a, b, prng(5));
    const { view } = a.editor;
    view.dispatch(view.state.tr.insertText('hello world', 1));
    link.flush();
    // Ada types after "hello"; her cursor is there when Bo's insertion before it arrives.
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 6)));
    view.dispatch(view.state.tr.insertText(','));
    expect(view.state.selection.head).toBe(7);
    const bv = b.editor.view;
    bv.dispatch(bv.state.tr.insertText('Oh, ', 1));
    link.flush();
    expect(view.state.doc.textContent).toBe('Oh, hello, world');
    expect(view.state.selection.head).toBe(11);
    // And again without a local change in between.
    bv.dispatch(bv.state.tr.insertText('so ', 1));
    link.flush();
    expect(view.state.doc.textContent).toBe('so Oh, hello, world');
    expect(view.state.selection.head).toBe(14);
  });
});

describe('embeds', () => {
  it('are drawn by the host callback and released when removed', () => {
    const rendered: EmbedRef[] = [];
    const destroyed: string[] = [];
    const editor = mount({
      renderEmbed: (container, ref) => {
        rendered.push(ref);
        container.textContent = `live ${ref.kind} ${ref.id}`;
        return { destroy: () => destroyed.push(ref.id) };
      },
    });
    setContent(editor, 'Report\n\n::embed[stats](today)\n\n::embed[table](t1)');
    expect(rendered).toEqual([
      { kind: 'stats', id: 'today' },
      { kind: 'table', id: 't1' },
    ]);
    const boxes = editor.view.dom.querySelectorAll('.muster-embed');
    expect(Array.from(boxes, (b) => b.textContent)).toEqual(['live stats today', 'live table t1']);
    expect(boxes[0]?.getAttribute('contenteditable')).toBe('false');

    // Typing elsewhere keeps the live widgets; deleting an embed destroys its widget.
    editor.view.dispatch(editor.view.state.tr.insertText('Daily ', 1));
    expect(rendered).toHaveLength(2);
    setContent(editor, 'Report\n\n::embed[table](t1)');
    expect(destroyed).toContain('today');
  });

  it('a throwing renderer shows a fallback and reports a typed error', () => {
    const errors: EditorError[] = [];
    const editor = mount({
      renderEmbed: () => {
        throw new Error('boom');
      },
      onError: (error) => errors.push(error),
    });
    setContent(editor, '::embed[form](f1)');
    expect(errors.map((e) => e.code)).toEqual([EditorErrorCode.EMBED_RENDER_FAILED]);
    expect(editor.view.dom.querySelector('.muster-embed')?.textContent).toBe(
      'This embed could not be shown.',
    );
  });
});

describe('presence', () => {
  /** Two linked editors whose awareness is relayed both ways, as a provider would. */
  function pair(): [Peer, Peer] {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    track(a, b);
    const link = new Link(a, b, prng(3));
    const relay = (from: Awareness, to: Awareness) =>
      from.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
        const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
        applyAwarenessUpdate(to, encodeAwarenessUpdate(from, changed), 'remote');
      });
    relay(a.awareness, b.awareness);
    relay(b.awareness, a.awareness);
    a.editor.view.dispatch(a.editor.view.state.tr.insertText('Hello world', 1));
    link.flush();
    return [a, b];
  }

  function select(peer: Peer, from: number, to: number): void {
    const { view } = peer.editor;
    view.focus();
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)));
  }

  const caretIn = (peer: Peer) => () =>
    peer.editor.view.dom.querySelector<HTMLElement>('.ProseMirror-yjs-cursor');

  it("shows the other user's cursor with their name and colour", async () => {
    const [a, b] = pair();
    select(a, 1, 6);
    // y-prosemirror redraws remote cursors from a timer after the awareness change arrives.
    const caret = caretIn(b);
    await expect.poll(caret, { timeout: 20_000 }).not.toBeNull();
    expect(caret()?.textContent).toContain('Ada');
    expect(caret()?.style.borderColor).toBe('rgb(48, 188, 237)'); // #30bced
    const highlight = b.editor.view.dom.querySelector('.ProseMirror-yjs-selection');
    expect(highlight?.textContent).toBe('Hello');

    // Leaving removes the cursor from the other editor.
    a.editor.destroy();
    await expect.poll(caret, { timeout: 20_000 }).toBeNull();
  });

  it('publishes the same cursor positions as y-prosemirror, and none after losing focus', () => {
    const a = mountPeer('Ada', '#30bced');
    track(a);
    setContent(a.editor, '# Title\n\nFirst *line*\n\n- one\n- two\n\nLast');
    const { view } = a.editor;
    const fragment = a.doc.getXmlFragment('body');
    const { binding } = ySyncPluginKey.getState(view.state) as {
      binding: { mapping: Map<unknown, unknown> };
    };
    const expected = (pos: number) =>
      Y.relativePositionToJSON(
        absolutePositionToRelativePosition(pos, fragment, binding.mapping as never),
      );
    const size = view.state.doc.content.size;
    for (const [from, to] of [
      [1, 1],
      [3, 12],
      [14, 15],
      [size - 2, size - 1],
    ] as const) {
      select(a, from, to);
      const cursor = a.awareness.getLocalState()?.['cursor'] as {
        anchor: Y.RelativePosition;
        head: Y.RelativePosition;
      };
      expect(Y.relativePositionToJSON(cursor.anchor)).toEqual(expected(from));
      expect(Y.relativePositionToJSON(cursor.head)).toEqual(expected(to));
    }
    view.dom.blur();
    expect(a.awareness.getLocalState()?.['cursor']).toBeNull();
  });

  it('a peer cannot inject CSS through its colour or markup through its name', async () => {
    const [a, b] = pair();
    a.awareness.setLocalStateField('user', {
      name: '<b>Eve</b>',
      color: 'red; background: url(https://x.example/t)',
    });
    select(a, 1, 6);
    const caret = caretIn(b);
    await expect.poll(caret, { timeout: 20_000 }).not.toBeNull();
    expect(caret()?.textContent).toContain('<b>Eve</b>');
    expect(caret()?.querySelector('b')).toBeNull();
    expect(b.editor.view.dom.innerHTML).not.toContain('url(');
  });
});

describe('commands for the host UI', () => {
  it('insert embeds, mentions, images, links and tables, refusing invalid input', () => {
    const editor = mount();
    const { view } = editor;
    const run = (command: Command) => command(view.state, view.dispatch);
    setContent(editor, 'Report for');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 11)));

    view.dispatch(view.state.tr.insertText(' '));
    expect(run(insertMention({ id: 'u_ada', name: 'Ada' }))).toBe(true);
    expect(run(insertImage('javascript:alert(1)'))).toBe(false);
    expect(run(insertImage('https://example.org/a.png', 'a'))).toBe(true);
    expect(run(insertEmbed({ kind: 'stats', id: 'today' }))).toBe(true);
    expect(run(insertEmbed({ kind: 'chart' as 'stats', id: 'x' }))).toBe(false);
    expect(run(insertTable(2, 2))).toBe(true);
    expect(run(insertTable(0, 2))).toBe(false);

    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, 7)));
    expect(run(setLink('javascript:alert(1)'))).toBe(false);
    expect(run(setLink('https://example.org/r'))).toBe(true);

    expect(serializeMarkdown(view.state.doc)).toBe(
      '[Report](https://example.org/r) for @[Ada](u_ada) ![a](https://example.org/a.png)\n\n' +
        // Block inserts go after the paragraph holding the cursor, the latest first.
        '|  |  |\n| --- | --- |\n|  |  |\n\n::embed[stats](today)',
    );
  });
});

describe('tables', () => {
  it('are repaired after a change of their structure, and typing in them keeps them whole', () => {
    const editor = mount();
    const { view } = editor;
    setContent(editor, 'Above\n\n| a | b |\n| --- | --- |\n| 1 | 2 |');
    const widths = () => {
      const table = view.state.doc.child(1);
      return Array.from({ length: table.childCount }, (_, i) => table.child(i).childCount);
    };
    expect(widths()).toEqual([2, 2]);
    // Typing in the paragraph above and in a cell: nothing for the table plugin to do.
    view.dispatch(view.state.tr.insertText('!', 6));
    let cellText = 0;
    view.state.doc.descendants((node, pos) => {
      if (node.isText && node.text === '1') cellText = pos;
    });
    view.dispatch(view.state.tr.insertText('0', cellText + 1));
    expect(widths()).toEqual([2, 2]);
    expect(view.state.doc.child(1).textContent).toBe('ab102');

    // Deleting the last cell of the body row leaves a ragged table, which the plugin fills up.
    const table = view.state.doc.child(1);
    const start = view.state.doc.child(0).nodeSize + 1;
    const lastRow = table.child(1);
    const rowStart = start + table.child(0).nodeSize;
    const cellStart = rowStart + 1 + lastRow.child(0).nodeSize;
    view.dispatch(view.state.tr.delete(cellStart, cellStart + lastRow.child(1).nodeSize));
    expect(widths()).toEqual([2, 2]);
    expect(view.state.doc.child(1).textContent).toBe('ab10');
  });
});

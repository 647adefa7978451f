import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import * as Y from 'yjs';
import { parseMarkdown, toPlainText } from '../src/index.js';
import { mountPeer, unmount, type Peer } from './helpers.js';

// Chinese, Japanese and Korean are typed through an input method: the browser composes the
// text in the DOM ("n", "ni", "你") and commits it at the end. Chromium's DevTools protocol
// drives the same composition events a real IME sends. The document is long on purpose: the
// patched ProseMirror view (see ARCHITECTURE.md) takes its own paths for long documents and must
// leave composition to the general one.

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) unmount(peer);
});

const LINES = Array.from({ length: 90 }, (_, i) => `Line ${i} of a long document.`);

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

/** A focused editor holding LINES, its cursor after "Line <line>". */
function mountLongDocument(line: number): Peer {
  const peer = mountPeer('Ada', '#30bced');
  peers.push(peer);
  const { view } = peer.editor;
  view.dispatch(
    view.state.tr.replaceWith(0, view.state.doc.content.size, parseMarkdown(LINES.join('\n\n'))),
  );
  const at = view.state.doc.resolve(0).posAtIndex(line, 0) + 1 + `Line ${line}`.length;
  view.focus();
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at)));
  return peer;
}

/** What an input method shows while the user types, one step at a time (not committed). */
async function compose(steps: string[]): Promise<void> {
  for (const text of steps) {
    await cdp().send('Input.imeSetComposition', {
      text,
      selectionStart: text.length,
      selectionEnd: text.length,
    });
  }
}

describe('typing through an input method', () => {
  it('composes and commits Chinese in the middle of a long document, then types on', async () => {
    const line = 40;
    const peer = mountLongDocument(line);
    const { view } = peer.editor;

    await compose(['n', 'ni', 'nih', 'niha', 'nihao', '你好']);
    // The browser is composing: ProseMirror knows, and leaves the DOM to the input method.
    expect(view.composing).toBe(true);
    expect(view.dom.children[line]!.textContent).toBe('Line 40你好 of a long document.');
    await cdp().send('Input.insertText', { text: '你好' });
    const expected = 'Line 40你好 of a long document.';
    await until(() => view.state.doc.child(line).textContent === expected);
    expect(view.state.doc.child(line).textContent).toBe(expected);
    await until(() => !view.composing);
    expect(view.composing).toBe(false);

    // After the composition, plain typing in the same and another paragraph.
    await userEvent.keyboard('!');
    view.dispatch(
      view.state.tr.setSelection(
        TextSelection.create(view.state.doc, view.state.doc.resolve(0).posAtIndex(7, 0) + 1),
      ),
    );
    await userEvent.keyboard('ok ');
    await until(() => view.state.doc.child(7).textContent.startsWith('ok '));

    const lines = [...LINES];
    lines[line] = 'Line 40你好! of a long document.';
    lines[7] = `ok ${lines[7]}`;
    expect(toPlainText(view.state.doc)).toBe(lines.join('\n'));
    // What the view shows, paragraph by paragraph, is the document.
    const shown = [...view.dom.children].map((p) => p.textContent);
    expect(shown).toEqual(lines);
    // And what Yjs holds is the same: the text collaborators receive.
    const body = peer.doc.getXmlFragment('body');
    expect(body.length).toBe(lines.length);
    expect(body.get(line).toString()).toContain('Line 40你好! of a long document.');
  });

  it('keeps a composition intact while a collaborator edits another paragraph', async () => {
    const line = 60;
    const peer = mountLongDocument(line);
    const { view } = peer.editor;
    // A collaborator's replica of the same document.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(peer.doc));

    await compose(['z', 'zh', 'zho', '中']);
    // The collaborator types into paragraph 10 meanwhile; their change arrives mid-composition.
    const target = remote.getXmlFragment('body').get(10) as Y.XmlElement;
    (target.get(0) as Y.XmlText).insert(0, 'Remote: ');
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(peer.doc)));
    expect(view.state.doc.child(10).textContent).toBe('Remote: Line 10 of a long document.');
    expect(view.dom.children[line]!.textContent).toBe('Line 60中 of a long document.');

    await cdp().send('Input.insertText', { text: '中文' });
    const expected = 'Line 60中文 of a long document.';
    await until(() => view.state.doc.child(line).textContent === expected && !view.composing);
    expect(view.state.doc.child(line).textContent).toBe(expected);
    const lines = [...LINES];
    lines[10] = `Remote: ${lines[10]}`;
    lines[line] = 'Line 60中文 of a long document.';
    expect([...view.dom.children].map((p) => p.textContent)).toEqual(lines);
    // Both replicas agree once the local change reaches the collaborator.
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(remote)));
    expect(remote.getXmlFragment('body').toString()).toBe(
      peer.doc.getXmlFragment('body').toString(),
    );
    expect(remote.getXmlFragment('body').get(line).toString()).toContain(expected);
    remote.destroy();
  });
});

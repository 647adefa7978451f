import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { undoCommand, redoCommand } from 'y-prosemirror';
import { Link, mountPeer, prng, unmount, type Peer } from './helpers.js';

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) unmount(peer);
});

function text(peer: Peer): string {
  return peer.editor.view.state.doc.textContent;
}

function typeAt(peer: Peer, pos: number, value: string): void {
  const { view } = peer.editor;
  view.dispatch(view.state.tr.insertText(value, pos));
}

function endOfDoc(peer: Peer): number {
  return peer.editor.view.state.doc.content.size - 1;
}

describe('undo and redo affect only the local user', () => {
  it('undo removes my text and keeps what the other user typed meanwhile', () => {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    peers.push(a, b);
    const link = new Link(a, b, prng(7));

    typeAt(a, 1, 'alpha ');
    link.flush();
    typeAt(b, endOfDoc(b), 'beta');
    link.flush();
    expect(text(a)).toBe('alpha beta');

    expect(undoCommand(a.editor.view.state, a.editor.view.dispatch)).toBe(true);
    link.flush();
    expect(text(a)).toBe('beta');
    expect(text(b)).toBe('beta');

    expect(redoCommand(a.editor.view.state, a.editor.view.dispatch)).toBe(true);
    link.flush();
    expect(text(a)).toBe('alpha beta');
    expect(text(b)).toBe('alpha beta');
  });

  it('undo in an editor that made no change leaves the remote changes alone', () => {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    peers.push(a, b);
    const link = new Link(a, b, prng(11));

    typeAt(a, 1, 'only Ada typed this');
    link.flush();
    // "Can undo?" is answered without dispatch; B has nothing of its own to undo.
    expect(undoCommand(b.editor.view.state)).toBe(false);
    undoCommand(b.editor.view.state, b.editor.view.dispatch);
    link.flush();
    expect(text(a)).toBe('only Ada typed this');
    expect(text(b)).toBe('only Ada typed this');
  });

  it('Mod-z from the keyboard undoes only the typing of this editor', async () => {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    peers.push(a, b);
    const link = new Link(a, b, prng(13));

    typeAt(b, 1, 'shared.');
    link.flush();
    const view = a.editor.view;
    view.focus();
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, endOfDoc(a))));
    await userEvent.keyboard('mine');
    link.flush();
    expect(text(b)).toBe('shared.mine');

    // Keystrokes typed within 500 ms form one undo step; on a slow machine they may form
    // several. Press Mod-z until nothing of Ada's is left to undo, whatever the grouping.
    for (let i = 0; i < 4 && undoCommand(view.state); i++) {
      await userEvent.keyboard('{Control>}z{/Control}');
    }
    expect(undoCommand(view.state)).toBe(false);
    link.flush();
    expect(text(a)).toBe('shared.');
    expect(text(b)).toBe('shared.');

    for (let i = 0; i < 4 && redoCommand(view.state); i++) {
      await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    }
    link.flush();
    expect(text(b)).toBe('shared.mine');
  });
});

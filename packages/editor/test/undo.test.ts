import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { undoCommand, redoCommand, yUndoPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
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

describe('undo steps', () => {
  it('a change away from the previous one starts a new step, even without a pause', () => {
    const a = mountPeer('Ada', '#30bced');
    peers.push(a);
    const { view } = a.editor;
    // No pause may end a step in this test, however slow the machine.
    const { undoManager } = yUndoPluginKey.getState(view.state) as { undoManager: Y.UndoManager };
    undoManager.captureTimeout = 60_000;

    typeAt(a, 1, 'hello ');
    typeAt(a, 7, 'world'); // right after the previous change: the same step
    typeAt(a, 1, '>> '); // elsewhere: a step of its own
    expect(text(a)).toBe('>> hello world');

    undoCommand(view.state, view.dispatch);
    expect(text(a)).toBe('hello world');
    undoCommand(view.state, view.dispatch);
    expect(text(a)).toBe('');
    expect(undoCommand(view.state)).toBe(false);
  });

  it("after a collaborator's change only the pause ends a step", () => {
    const a = mountPeer('Ada', '#30bced');
    const b = mountPeer('Bo', '#ee6352');
    peers.push(a, b);
    const link = new Link(a, b, prng(17));
    const { view } = a.editor;
    const { undoManager } = yUndoPluginKey.getState(view.state) as { undoManager: Y.UndoManager };
    undoManager.captureTimeout = 60_000;

    typeAt(a, 1, 'mine ');
    link.flush();
    typeAt(b, endOfDoc(b), 'theirs');
    link.flush();
    // Where Ada's previous change is now is not known after a remote change: keep the step.
    typeAt(a, 1, 'also ');
    link.flush();
    expect(text(a)).toBe('also mine theirs');

    undoCommand(view.state, view.dispatch);
    link.flush();
    expect(text(a)).toBe('theirs');
    expect(text(b)).toBe('theirs');
  });
});

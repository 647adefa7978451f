import type { DecorationAttrs } from 'prosemirror-view';

// Remote users' awareness states are untrusted input: a peer can publish any name and colour.
// y-prosemirror's default builders put the colour into a style attribute unchecked, so these
// builders accept only "#rrggbb" colours and write names as text.

const COLOR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOR = '#8a8a8a';
const MAX_NAME = 64;

interface RemoteUser {
  name?: unknown;
  color?: unknown;
}

function colorOf(user: RemoteUser): string {
  return typeof user.color === 'string' && COLOR.test(user.color) ? user.color : FALLBACK_COLOR;
}

function nameOf(user: RemoteUser): string {
  return typeof user.name === 'string' && user.name.trim()
    ? user.name.slice(0, MAX_NAME)
    : 'Anonymous';
}

/** The caret of a remote user: a coloured bar with the user's name above it. */
export function buildCursor(user: RemoteUser): HTMLElement {
  const color = colorOf(user);
  const caret = document.createElement('span');
  caret.className = 'ProseMirror-yjs-cursor';
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.style.backgroundColor = color;
  label.textContent = nameOf(user);
  // Word joiners on both sides keep the caret from creating a line-break opportunity.
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** The highlight of a remote user's selection, in their colour at ~44% opacity. */
export function buildSelection(user: RemoteUser): DecorationAttrs {
  return { class: 'ProseMirror-yjs-selection', style: `background-color: ${colorOf(user)}70` };
}

import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TextSelection } from 'prosemirror-state';
import { parseMarkdown, serializeMarkdown } from '../src/index.js';
import { mountPeer, unmount, type Peer } from './helpers.js';

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) unmount(peer);
});

/** Types into a fresh, focused editor with real key events and returns its Markdown. */
async function typeInto(keys: string): Promise<string> {
  const peer = mountPeer('Ada', '#30bced');
  peers.push(peer);
  peer.editor.view.focus();
  await userEvent.keyboard(keys);
  // Chromium types a space next to an inline boundary as U+00A0 into contenteditable, and
  // ProseMirror keeps what the browser typed; compare it as the space it is.
  return serializeMarkdown(peer.editor.view.state.doc).replace(/\u00a0/g, ' ');
}

describe('Markdown-style input rules', () => {
  const cases: [string, string, string][] = [
    ['# ', '# Title', '# Title'],
    ['## ', '## Sub', '## Sub'],
    ['### ', '### Small', '### Small'],
    ['- ', '- item', '* item'],
    ['1. ', '1. first', '1. first'],
    ['[ ] ', '[ ] todo', '- [ ] todo'],
    ['[x] ', '[x] done', '- [x] done'],
    ['> ', '> quoted', '> quoted'],
    ['```', '```code', '```\ncode\n```'],
    ['**bold**', 'a **bold** b', 'a **bold** b'],
    ['*italic*', 'a *it* b', 'a *it* b'],
    ['`code`', 'a `x` b', 'a `x` b'],
  ];
  for (const [rule, keys, markdown] of cases) {
    it(`"${rule}" gives ${JSON.stringify(markdown)}`, async () => {
      // userEvent.keyboard treats [ and { as key descriptors; double them to type them.
      const escaped = keys.replace(/\[/g, '[[').replace(/\{/g, '{{');
      expect(await typeInto(escaped)).toBe(markdown);
    });
  }
});

describe('keymap', () => {
  it('Mod-b, Mod-i and Mod-u toggle bold, italic and underline', async () => {
    const markdown = await typeInto(
      '{Control>}b{/Control}bold{Control>}b{/Control} {Control>}i{/Control}it{Control>}i{/Control} {Control>}u{/Control}under',
    );
    expect(markdown).toBe('**bold** *it* <u>under</u>');
  });

  it('Tab nests a list item and Shift-Tab lifts it back', async () => {
    expect(await typeInto('- one{Enter}{Tab}two')).toBe('* one\n  * two');
    expect(await typeInto('- one{Enter}{Tab}two{Shift>}{Tab}{/Shift}')).toBe('* one\n* two');
  });

  it('Tab and Shift-Tab move the task under the cursor in a task list nested in a bullet list', async () => {
    const peer = mountPeer('Ada', '#30bced');
    peers.push(peer);
    const { view } = peer.editor;
    const nested = parseMarkdown('- one\n  - [ ] a\n  - [ ] b');
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, nested.content));
    let end = 0;
    view.state.doc.descendants((node, pos) => {
      if (node.isText && node.text === 'b') end = pos + 1;
    });
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)));
    view.focus();
    await userEvent.keyboard('{Tab}');
    const markdown = () => serializeMarkdown(view.state.doc);
    // b is now a task inside task a; the bullet item around them stayed where it was.
    expect(markdown()).toBe('* one\n  - [ ] a\n    - [ ] b');
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(markdown()).toBe('* one\n  - [ ] a\n  - [ ] b');
  });

  it('Enter in a task list starts a new unchecked task', async () => {
    expect(await typeInto('[[x] done{Enter}next')).toBe('- [x] done\n- [ ] next');
  });
});

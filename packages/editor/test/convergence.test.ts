import type { Node as PMNode } from 'prosemirror-model';
import { splitListItem } from 'prosemirror-schema-list';
import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdown, schema } from '../src/index.js';
import { Link, mountPeer, prng, seedsFor, unmount, type Peer } from './helpers.js';

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) unmount(peer);
});

interface Scenario {
  name: string;
  markdown: string;
  /** The text blocks random edits may target. */
  targets: (doc: PMNode) => { pos: number; node: PMNode }[];
  split: boolean;
}

const textblocksInside =
  (container: string) =>
  (doc: PMNode): { pos: number; node: PMNode }[] => {
    const found: { pos: number; node: PMNode }[] = [];
    doc.descendants((node, pos, parent) => {
      if (node.isTextblock && parent?.type.name === container) found.push({ pos, node });
      return true;
    });
    return found;
  };

const scenarios: Scenario[] = [
  {
    name: 'one paragraph',
    markdown: 'The quick brown fox jumps over the lazy dog.',
    targets: (doc) => {
      const first = doc.firstChild;
      return first ? [{ pos: 0, node: first }] : [];
    },
    split: false,
  },
  {
    name: 'a nested list',
    markdown: '- first item\n- second item\n  - nested item\n- third item',
    targets: textblocksInside('list_item'),
    split: true,
  },
  {
    name: 'a table',
    markdown: '| name | count |\n| --- | --- |\n| apples | 3 |\n| pears | 5 |',
    targets: (doc) => {
      const found: { pos: number; node: PMNode }[] = [];
      doc.descendants((node, pos) => {
        if (node.isTextblock) found.push({ pos, node });
        return true;
      });
      return found;
    },
    split: false,
  },
];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

function randomEdit(peer: Peer, scenario: Scenario, random: () => number): void {
  const { view } = peer.editor;
  const targets = scenario.targets(view.state.doc);
  const target = targets[Math.floor(random() * targets.length)];
  if (!target) throw new Error(`scenario ${scenario.name} lost its text blocks`);
  const start = target.pos + 1;
  const offset = Math.floor(random() * (target.node.content.size + 1));
  const roll = random();
  if (roll < 0.55) {
    const length = 1 + Math.floor(random() * 4);
    let text = '';
    for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    view.dispatch(view.state.tr.insertText(text, start + offset));
  } else if (roll < 0.8) {
    const length = Math.min(1 + Math.floor(random() * 3), target.node.content.size - offset);
    if (length > 0) view.dispatch(view.state.tr.delete(start + offset, start + offset + length));
  } else if (roll < 0.92 || !scenario.split) {
    const to = Math.min(start + offset + 3, start + target.node.content.size);
    if (to > start + offset) {
      view.dispatch(view.state.tr.addMark(start + offset, to, schema.marks.strong.create()));
    }
  } else {
    const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, start + offset));
    view.dispatch(tr);
    splitListItem(schema.nodes.list_item)(view.state, view.dispatch);
  }
}

describe('two editors on two linked Y.Docs converge', () => {
  for (const scenario of scenarios) {
    for (const seed of seedsFor(`convergence in ${scenario.name}`, [1, 42, 20200203, 98951896])) {
      it(`after concurrent typing in ${scenario.name} (seed ${seed})`, () => {
        const random = prng(seed);
        const a = mountPeer('Ada', '#30bced');
        const b = mountPeer('Bo', '#ee6352');
        peers.push(a, b);
        const link = new Link(a, b, random);
        const initial = parseMarkdown(scenario.markdown);
        a.editor.view.dispatch(
          a.editor.view.state.tr.replaceWith(
            0,
            a.editor.view.state.doc.content.size,
            initial.content,
          ),
        );
        link.flush();
        expect(b.editor.view.state.doc.toJSON()).toEqual(initial.toJSON());

        for (let step = 0; step < 200; step++) {
          randomEdit(random() < 0.5 ? a : b, scenario, random);
          if (random() < 0.3) link.deliver();
        }
        link.flush();

        const docA = a.editor.view.state.doc;
        const docB = b.editor.view.state.doc;
        expect(docB.toJSON()).toEqual(docA.toJSON());
        expect(b.doc.getXmlFragment('body').toJSON()).toEqual(
          a.doc.getXmlFragment('body').toJSON(),
        );
        // The structure under test survived the concurrent edits.
        expect(scenario.targets(docA).length).toBeGreaterThan(0);
        expect(docA.check()).toBeUndefined();
      });
    }
  }
});

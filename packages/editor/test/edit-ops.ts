import fc from 'fast-check';
import { joinBackward, lift, setBlockType, splitBlock, wrapIn } from 'prosemirror-commands';
import { Slice, type Node as PMNode } from 'prosemirror-model';
import { sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { parseMarkdown, schema } from '../src/index.js';

// Random editing operations for property tests, as data (so fast-check can shrink them) that
// turn into a transaction on any state: equal documents give equal transactions.

export type Op =
  | { kind: 'type'; at: number; offset: number; text: string; bold: boolean }
  | { kind: 'delete'; at: number; span: number }
  | { kind: 'split'; at: number; offset: number }
  | { kind: 'join'; at: number }
  | { kind: 'mark'; at: number; span: number; add: boolean }
  | { kind: 'break'; at: number; offset: number }
  | { kind: 'paste'; at: number; offset: number; markdown: string }
  | { kind: 'structure'; at: number; offset: number; which: number }
  | { kind: 'undo' };

export const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('type' as const),
      at: fraction,
      offset: fraction,
      text: fc.stringMatching(/^[a-z ]{1,4}$/),
      bold: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      span: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('split' as const), at: fraction, offset: fraction }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), at: fraction }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      at: fraction,
      span: fc.integer({ min: 1, max: 30 }),
      add: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('break' as const), at: fraction, offset: fraction }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('paste' as const),
      at: fraction,
      offset: fraction,
      markdown: fc.constantFrom('one\n\ntwo', '**bold** text', '- a\n- b', '# head\n\nbody', 'x'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('structure' as const),
      at: fraction,
      offset: fraction,
      which: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

function textblocks(doc: PMNode): { start: number; size: number }[] {
  const found: { start: number; size: number }[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) found.push({ start: pos + 1, size: node.content.size });
    return !node.isTextblock;
  });
  return found;
}

function pick(doc: PMNode, at: number, offset = 0): { pos: number; start: number; size: number } {
  const blocks = textblocks(doc);
  const block = blocks[Math.floor(at * blocks.length)]!;
  return { ...block, pos: block.start + Math.floor(offset * (block.size + 1)) };
}

function run(command: Command, state: EditorState, pos: number, to = pos): Transaction | null {
  const selected = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos, to)));
  let result: Transaction | null = null;
  command(selected, (tr) => {
    result = tr;
  });
  if (result === null) return null;
  // Both editors get the selection change and the command as one transaction chain.
  const tr = state.tr.setSelection(TextSelection.create(state.doc, pos, to));
  for (const step of (result as Transaction).steps) tr.step(step);
  return tr;
}

/** The transaction `op` makes on `state`; the same for two states with equal documents. */
export function transaction(
  op: Exclude<Op, { kind: 'undo' }>,
  state: EditorState,
): Transaction | null {
  const { doc } = state;
  switch (op.kind) {
    case 'type': {
      const { pos } = pick(doc, op.at, op.offset);
      const marks = op.bold ? [schema.marks.strong.create()] : [];
      return state.tr.replaceWith(pos, pos, schema.text(op.text, marks));
    }
    case 'delete': {
      const { pos } = pick(doc, op.at, 0.5);
      return state.tr.delete(pos, Math.min(pos + op.span, doc.content.size));
    }
    case 'split':
      return run(splitBlock, state, pick(doc, op.at, op.offset).pos);
    case 'join': {
      const { start } = pick(doc, op.at);
      return run(joinBackward, state, start);
    }
    case 'mark': {
      const { pos } = pick(doc, op.at, 0.3);
      const to = Math.min(pos + op.span, doc.content.size);
      const mark = schema.marks.em.create();
      return op.add ? state.tr.addMark(pos, to, mark) : state.tr.removeMark(pos, to, mark);
    }
    case 'break': {
      const { pos } = pick(doc, op.at, op.offset);
      return state.tr.insert(pos, schema.nodes.hard_break.create());
    }
    case 'paste': {
      const { pos } = pick(doc, op.at, op.offset);
      const content = parseMarkdown(op.markdown).content;
      return state.tr.replace(pos, pos, new Slice(content, 1, 1));
    }
    case 'structure': {
      const { pos } = pick(doc, op.at, op.offset);
      const commands: Command[] = [
        wrapInList(schema.nodes.bullet_list),
        lift,
        setBlockType(schema.nodes.heading, { level: 2 }),
        wrapIn(schema.nodes.blockquote),
        splitListItem(schema.nodes.list_item),
        sinkListItem(schema.nodes.list_item),
      ];
      return run(commands[op.which]!, state, pos);
    }
  }
}

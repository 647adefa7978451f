import {
  InputRule,
  inputRules,
  textblockTypeInputRule,
  wrappingInputRule,
} from 'prosemirror-inputrules';
import type { MarkType } from 'prosemirror-model';
import type { Plugin } from 'prosemirror-state';
import { findWrapping } from 'prosemirror-transform';
import { schema } from './schema.js';

const { nodes, marks } = schema;

/** `[ ] ` or `[x] ` at the start of a paragraph wraps it in a task list. */
const taskListRule = new InputRule(/^\s*\[([ xX]?)\]\s$/, (state, match, start, end) => {
  const tr = state.tr.delete(start, end);
  const range = tr.doc.resolve(start).blockRange();
  const wrapping = range && findWrapping(range, nodes.task_list);
  if (!range || !wrapping) return null;
  tr.wrap(range, wrapping);
  if (match[1] === 'x' || match[1] === 'X') {
    // findWrapping fills the inner task_item with default attrs; tick it after wrapping.
    const item = tr.doc.resolve(tr.mapping.map(start)).node(-1);
    const itemPos = tr.doc.resolve(tr.mapping.map(start)).before(-1);
    if (item.type === nodes.task_item) tr.setNodeMarkup(itemPos, null, { checked: true });
  }
  return tr;
});

/**
 * Wraps the text between two delimiters in a mark once the closing delimiter is typed,
 * e.g. `**bold**`. Group 1 is the delimited text, group 2 the text to mark.
 */
function markRule(pattern: RegExp, mark: MarkType): InputRule {
  return new InputRule(pattern, (state, match, start, end) => {
    const [full, delimited, inner] = match;
    if (delimited === undefined || inner === undefined) return null;
    // The pattern may match one character before the opening delimiter; keep it.
    const markStart = start + full.length - delimited.length;
    const tr = state.tr.replaceWith(markStart, end, schema.text(inner, [mark.create()]));
    return tr.removeStoredMark(mark);
  });
}

/** The Markdown-style shortcuts of the editor, as one input-rules plugin. */
export function buildInputRules(): Plugin {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (m) => ({ level: m[1]?.length ?? 1 })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
      taskListRule,
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(
        /^(\d+)\.\s$/,
        nodes.ordered_list,
        (m) => ({ order: Number(m[1]) }),
        (m, node) => node.childCount + Number(node.attrs.order) === Number(m[1]),
      ),
      textblockTypeInputRule(/^```$/, nodes.code_block),
      markRule(/(?:^|[^*])(\*\*([^*]+)\*\*)$/, marks.strong),
      markRule(/(?:^|[^*])(\*([^*]+)\*)$/, marks.em),
      markRule(/(?:^|[^~])(~~([^~]+)~~)$/, marks.strike),
      markRule(/(?:^|[^`])(`([^`]+)`)$/, marks.code),
    ],
  });
}

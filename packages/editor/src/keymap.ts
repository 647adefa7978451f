import {
  baseKeymap,
  chainCommands,
  exitCode,
  setBlockType,
  toggleMark,
} from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { NodeType } from 'prosemirror-model';
import type { Command, EditorState, Plugin } from 'prosemirror-state';
import { goToNextCell } from 'prosemirror-tables';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from './schema.js';

const { nodes, marks } = schema;

/** The list item type (bullet/ordered item or task) nearest to the cursor, if any. */
function innermostItem(state: EditorState): NodeType | undefined {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const { type } = $from.node(depth);
    if (type === nodes.list_item || type === nodes.task_item) return type;
  }
  return undefined;
}

// prosemirror-schema-list finds the nearest list whose items have the given type, so trying
// list items first would indent the whole bullet item around a nested task list instead of the
// task under the cursor. Act on the innermost item, whatever its type.
const indentItem: Command = (state, dispatch) => {
  const type = innermostItem(state);
  return type !== undefined && sinkListItem(type)(state, dispatch);
};

const outdentItem: Command = (state, dispatch) => {
  const type = innermostItem(state);
  return type !== undefined && liftListItem(type)(state, dispatch);
};

const insertHardBreak: Command = (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
};

/**
 * Key bindings of the editor. Undo and redo go through Yjs' UndoManager, so they only revert
 * the local user's changes. Tab and Shift-Tab indent list items, or move between table cells.
 */
export function buildKeymap(): Plugin[] {
  const bindings: Record<string, Command> = {
    'Mod-z': undoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-y': redoCommand,
    'Mod-b': toggleMark(marks.strong),
    'Mod-i': toggleMark(marks.em),
    'Mod-u': toggleMark(marks.underline),
    'Mod-Shift-s': toggleMark(marks.strike),
    'Mod-e': toggleMark(marks.code),
    'Mod-Enter': chainCommands(exitCode, insertHardBreak),
    'Shift-Enter': chainCommands(exitCode, insertHardBreak),
    // A new task starts unticked, whatever the state of the one it was split from.
    Enter: chainCommands(
      splitListItem(nodes.list_item),
      splitListItem(nodes.task_item, { checked: false }),
    ),
    Tab: chainCommands(indentItem, goToNextCell(1)),
    'Shift-Tab': chainCommands(outdentItem, goToNextCell(-1)),
    'Mod-Alt-0': setBlockType(nodes.paragraph),
    'Mod-Alt-1': setBlockType(nodes.heading, { level: 1 }),
    'Mod-Alt-2': setBlockType(nodes.heading, { level: 2 }),
    'Mod-Alt-3': setBlockType(nodes.heading, { level: 3 }),
  };
  // Our bindings first; baseKeymap supplies Enter, Backspace, Delete, select-all and friends.
  return [keymap(bindings), keymap(baseKeymap)];
}

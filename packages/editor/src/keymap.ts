import {
  baseKeymap,
  chainCommands,
  exitCode,
  setBlockType,
  toggleMark,
} from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { goToNextCell } from 'prosemirror-tables';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from './schema.js';

const { nodes, marks } = schema;

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
    Tab: chainCommands(
      sinkListItem(nodes.list_item),
      sinkListItem(nodes.task_item),
      goToNextCell(1),
    ),
    'Shift-Tab': chainCommands(
      liftListItem(nodes.list_item),
      liftListItem(nodes.task_item),
      goToNextCell(-1),
    ),
    'Mod-Alt-0': setBlockType(nodes.paragraph),
    'Mod-Alt-1': setBlockType(nodes.heading, { level: 1 }),
    'Mod-Alt-2': setBlockType(nodes.heading, { level: 2 }),
    'Mod-Alt-3': setBlockType(nodes.heading, { level: 3 }),
  };
  // Our bindings first; baseKeymap supplies Enter, Backspace, Delete, select-all and friends.
  return [keymap(bindings), keymap(baseKeymap)];
}

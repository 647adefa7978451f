import type { ResolvedPos } from 'prosemirror-model';
import { NodeSelection, Plugin, type Selection, type Transaction } from 'prosemirror-state';
import { tableEditing } from 'prosemirror-tables';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from 'prosemirror-transform';

// prosemirror-tables' `tableEditing` repairs tables after every transaction that changes the
// document: it compares each top-level child of the old and the new document to find changed
// tables, O(blocks) per keystroke even in a document without any table. A table can only
// need repair when a step changed its structure, and typing inside one textblock never does.

/** A step that only edits inline content within one textblock (or marks): no table changes. */
function insideTextblock(step: Step, doc: Transaction['docs'][number]): boolean {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
  if (!(step instanceof ReplaceStep)) return false;
  const { slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
  const $from = doc.resolve(step.from);
  return $from.parent.isTextblock && step.to <= $from.end();
}

function inTable($pos: ResolvedPos): boolean {
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.spec['tableRole']) return true;
  return false;
}

/**
 * Whether the table plugin could change anything after `transactions`: repair a table or
 * turn the selection into a cell selection, which it does only for selections in or of
 * table parts.
 */
function mayNeedTableFix(transactions: readonly Transaction[], selection: Selection): boolean {
  for (const tr of transactions) {
    for (let i = 0; i < tr.steps.length; i++) {
      if (!insideTextblock(tr.steps[i]!, tr.docs[i]!)) return true;
    }
  }
  if (selection instanceof NodeSelection) return true;
  return inTable(selection.$from) || inTable(selection.$to);
}

/** `tableEditing()` whose repair pass is skipped when no transaction could have broken a table. */
export function tableEditingPlugin(): Plugin {
  const plugin = tableEditing();
  const { appendTransaction } = plugin.spec;
  return new Plugin({
    ...plugin.spec,
    appendTransaction(transactions, oldState, newState) {
      if (!mayNeedTableFix(transactions, newState.selection)) return null;
      return appendTransaction!.call(this, transactions, oldState, newState);
    },
  });
}

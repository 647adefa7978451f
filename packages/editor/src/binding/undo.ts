import { Plugin } from 'prosemirror-state';
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  ySyncPluginKey,
  yUndoPluginKey,
  type ProsemirrorBinding,
} from 'y-prosemirror';
import * as Y from 'yjs';
import type { RelativeSelection } from './positions.js';

interface UndoState {
  undoManager: Y.UndoManager;
  hasUndoOps: boolean;
  hasRedoOps: boolean;
}

/**
 * Per-user undo through Yjs' UndoManager, under y-prosemirror's `yUndoPluginKey` so its
 * `undoCommand` / `redoCommand` work unchanged. It differs from `yUndoPlugin` in one way:
 * y-prosemirror's turns the selection into Yjs positions on every transaction by walking the
 * document from the start; this one takes the selection the binding already computed for the
 * change (`selectionBefore`), once per undo step.
 */
export function undoPlugin(selectionBefore: () => RelativeSelection | null): Plugin<UndoState> {
  return new Plugin<UndoState>({
    key: yUndoPluginKey,
    state: {
      init(_config, state) {
        const { type } = ySyncPluginKey.getState(state) as { type: Y.XmlFragment };
        const undoManager = new Y.UndoManager(type, {
          // Only this editor's own writes: a collaborator's changes are never undone here.
          trackedOrigins: new Set([ySyncPluginKey]),
          deleteFilter: (item) => defaultDeleteFilter(item as Y.Item, defaultProtectedNodes),
          captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
        });
        return { undoManager, hasUndoOps: false, hasRedoOps: false };
      },
      apply(_tr, value) {
        const hasUndoOps = value.undoManager.undoStack.length > 0;
        const hasRedoOps = value.undoManager.redoStack.length > 0;
        return hasUndoOps === value.hasUndoOps && hasRedoOps === value.hasRedoOps
          ? value
          : { undoManager: value.undoManager, hasUndoOps, hasRedoOps };
      },
    },
    view(view) {
      const binding = (ySyncPluginKey.getState(view.state) as { binding: ProsemirrorBinding })
        .binding;
      const { undoManager } = yUndoPluginKey.getState(view.state) as UndoState;
      const added = ({ stackItem }: { stackItem: { meta: Map<unknown, unknown> } }) => {
        stackItem.meta.set(binding, selectionBefore());
      };
      const popped = ({ stackItem }: { stackItem: { meta: Map<unknown, unknown> } }) => {
        const selection = stackItem.meta.get(binding) as RelativeSelection | null | undefined;
        if (selection) binding.beforeTransactionSelection = selection as never;
      };
      undoManager.on('stack-item-added', added);
      undoManager.on('stack-item-popped', popped);
      return {
        destroy() {
          undoManager.off('stack-item-added', added);
          undoManager.off('stack-item-popped', popped);
          undoManager.destroy();
        },
      };
    },
  });
}

import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Step } from 'prosemirror-transform';
import {
  getRelativeSelection,
  updateYFragment,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPluginKey,
  type ProsemirrorBinding,
} from 'y-prosemirror';
import * as Y from 'yjs';
import { applyIncrementally, stepsBetween } from './incremental.js';
import type { BindingMapping } from './mapping.js';
import { relativeSelection, type RelativeSelection } from './positions.js';
import { undoPlugin } from './undo.js';
import { continues, writtenRanges, type WrittenRanges } from './undo-steps.js';

// y-prosemirror's ySyncPlugin stays in charge (Y → ProseMirror, snapshots, cursors, undo), but
// three of its hooks on the binding are replaced before the view starts it:
// - `_prosemirrorChanged` writes a local change as the steps that made it, when it can
//   (incremental.ts), instead of diffing the whole document;
// - the selection is turned into Yjs positions from its textblock (positions.ts) instead of by
//   walking the document from the start, and not at all where the value is never read;
// - the observer of remote changes records which document the Y fragment matches afterwards.
// Everything falls back to y-prosemirror's own routine when a shortcut's precondition fails.

const MAX_RECORDED = 1_000;

/** How local changes reached Y: step by step, or by comparing the whole document. */
export interface SyncStats {
  incremental: number;
  full: number;
}

const recorderKey = new PluginKey<SyncStats>('musterSyncRecorder');

/** The write statistics of the editor with `state` (for tests and the benchmark). */
export function syncStats(state: EditorState): SyncStats | undefined {
  return recorderKey.getState(state);
}

/** Shared by the hooks of one editor. */
interface SyncContext {
  binding: ProsemirrorBinding | null;
  mapping: BindingMapping;
  /** The document the Y fragment is known to equal (and the mapping to describe), if any. */
  synced: PMNode | null;
  /** Local transactions since the last sync, by the document each produced. */
  byResult: Map<PMNode, Transaction>;
  /** The state before the first and before the last transaction since the last sync. */
  firstOld: EditorState | null;
  lastOld: EditorState | null;
  /** Where the selection was before the change being written; undo restores it. */
  selectionBefore: RelativeSelection | null;
  /**
   * What the last local change wrote, in `synced`; null when unknown (it was written by the
   * full diff, or Y changed since), and then only the pause decides where an undo step ends.
   */
  written: WrittenRanges | null;
  /** True while `_prosemirrorChanged` writes to Y. */
  writing: boolean;
  stats: SyncStats;
}

/** The plugins binding an editor to `fragment`, and `attach`, to call before the view exists. */
export interface CollaborationBinding {
  /** ySyncPlugin and the transaction recorder; put them first. */
  sync: Plugin[];
  /** The undo plugin (per-user undo through Y.UndoManager); after `sync`. */
  undo: Plugin;
  /** Installs the hooks on y-prosemirror's binding, which exists once the state does. */
  attach(state: EditorState): void;
}

/** Whether the top-level children of `doc` are exactly the nodes mapped from the fragment. */
function mirrorsFragment(fragment: Y.XmlFragment, mapping: BindingMapping, doc: PMNode): boolean {
  let index = 0;
  for (let item = fragment._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const type = (item.content as Y.ContentType).type;
    if (index >= doc.childCount || mapping.get(type) !== doc.child(index)) return false;
    index++;
  }
  return index === doc.childCount;
}

/**
 * Binds an editor to `fragment` through y-prosemirror with incremental writes. `mapping` must
 * describe `initial` (as `initProseMirrorDoc` builds them), or be empty.
 */
export function collaborationBinding(
  fragment: Y.XmlFragment,
  mapping: BindingMapping,
  initial: PMNode,
): CollaborationBinding {
  const context: SyncContext = {
    binding: null,
    mapping,
    synced: null,
    byResult: new Map(),
    firstOld: null,
    lastOld: null,
    selectionBefore: null,
    written: null,
    writing: false,
    stats: { incremental: 0, full: 0 },
  };
  if (initial.childCount > 0 && mirrorsFragment(fragment, mapping, initial)) {
    mapping.set(fragment, initial);
    context.synced = initial;
  }

  const recorder = new Plugin<SyncStats>({
    key: recorderKey,
    state: {
      init: () => context.stats,
      apply(tr, value, oldState) {
        context.firstOld ??= oldState;
        context.lastOld = oldState;
        // Transactions carrying the sync plugin's meta come from Y (remote changes, undo,
        // snapshots); the observer hook accounts for those.
        if (tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined) {
          if (context.byResult.size >= MAX_RECORDED) context.byResult.clear();
          context.byResult.set(tr.doc, tr);
        }
        return value;
      },
    },
  });

  return {
    sync: [ySyncPlugin(fragment, { mapping }), recorder],
    undo: undoPlugin(() => context.selectionBefore),
    attach(state) {
      const binding = ySyncPluginKey.getState(state).binding as ProsemirrorBinding;
      context.binding = binding;
      installHooks(binding, context);
    },
  };
}

/** Ends the current undo step before a local change that does not continue the previous one. */
function delimitUndoStep(context: SyncContext, state: EditorState, steps?: Step[]): void {
  if (steps && context.written && !continues(context.written, steps)) {
    const undo = yUndoPluginKey.getState(state) as { undoManager: Y.UndoManager } | undefined;
    undo?.undoManager.stopCapturing();
  }
  context.written = steps ? writtenRanges(steps) : null;
}

function installHooks(binding: ProsemirrorBinding, context: SyncContext): void {
  const { mapping } = context;
  const types = { type: binding.type, mapping };
  const view = () => binding.prosemirrorView as { state: EditorState } | null;

  binding._prosemirrorChanged = (doc: PMNode) => {
    const state = view()!.state;
    const { synced, firstOld, lastOld } = context;
    context.firstOld = context.lastOld = null;
    const changed = doc !== synced;
    const steps =
      changed && synced !== null ? stepsBetween(synced, doc, context.byResult) : undefined;
    context.byResult.clear();
    if (changed) {
      context.selectionBefore =
        firstOld !== null && firstOld.doc === synced
          ? relativeSelection(types, synced, firstOld.selection)
          : (getRelativeSelection(binding, lastOld ?? state) as RelativeSelection);
      delimitUndoStep(
        context,
        state,
        steps?.map((change) => change.step),
      );
    }
    context.writing = true;
    try {
      binding.doc.transact(() => {
        if (changed) {
          if (steps && applyIncrementally(binding as never, steps)) context.stats.incremental++;
          else {
            updateYFragment(binding.doc, binding.type, doc, binding);
            context.stats.full++;
          }
        }
        // y-prosemirror sets `beforeTransactionSelection` here; its afterAllTransactions
        // listener clears it again when this transaction ends, before anything reads it, and
        // beforeAllTransactions (below) computes it when a collaborator's change arrives.
      }, ySyncPluginKey);
      context.synced = doc;
    } catch (error) {
      context.synced = null;
      context.written = null;
      throw error;
    } finally {
      context.writing = false;
    }
  };

  binding.beforeAllTransactions = () => {
    const current = view();
    if (binding.beforeTransactionSelection !== null || current === null) return;
    const { doc, selection } = current.state;
    if (doc === context.synced) {
      binding.beforeTransactionSelection = relativeSelection(types, doc, selection);
    } else if (context.synced === null) {
      binding.beforeTransactionSelection = getRelativeSelection(binding, current.state);
    }
    // Otherwise the view is ahead of Y: this transaction is the binding writing the local
    // change, and `_prosemirrorChanged` sets the selection once it has.
  };

  const typeChanged = binding._typeChanged.bind(binding);
  binding._observeFunction = (events: Y.YEvent<never>[], transaction: Y.Transaction) => {
    // The binding's own write: y-prosemirror's update wraps `_prosemirrorChanged` in an outer
    // Yjs transaction, so observers run after it returned, with the document already synced.
    const ownWrite =
      context.writing ||
      (transaction.origin === ySyncPluginKey && view()?.state.doc === context.synced);
    if (ownWrite) {
      typeChanged(events, transaction);
      return;
    }
    context.synced = null;
    context.written = null;
    typeChanged(events, transaction);
    context.firstOld = context.lastOld = null;
    const doc = view()?.state.doc;
    if (doc && mirrorsFragment(binding.type, mapping, doc)) {
      mapping.set(binding.type, doc);
      context.synced = doc;
    }
  };
}

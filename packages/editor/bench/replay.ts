import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { syncStats, type SyncStats } from '../src/binding/sync.js';
import { createEditor, type MusterEditor } from '../src/create-editor.js';
import { schema } from '../src/schema.js';
import { applyPatch, documentText, LineIndex } from './apply.js';
import type { ConcurrentTrace, Patch, SequentialTrace } from './traces.js';

export interface ReplayResult {
  ms: number;
  /**
   * The final document as stored and loaded: encoded with Yjs' update format v2 (as Yjs' own
   * B4 benchmark measures it) after a round trip through a fresh Y.Doc, which is what the sync
   * server keeps and a peer downloads.
   */
  docBytes: number;
  /** The same in update format v1 (what y-websocket sends). */
  docBytesV1: number;
  /**
   * The editing Y.Doc itself, v2. Its UndoManager keeps deleted text that undo can bring back
   * (a Y.Text without one holds only the lengths), so this includes the undo history.
   */
  liveDocBytes: number;
  /** Text read back from the Y.Doc (not from the editor), so the binding is checked too. */
  text: string;
  /** Text shown by the editor, for the binding replays. */
  viewText?: string;
  heapMB: number;
  /** Binding replays: how many local changes were written step by step / by a full diff. */
  writes?: SyncStats;
}

/**
 * Live JS heap after a full collection, in Node (`--expose-gc`) or in Chromium (launched with
 * `--js-flags=--expose-gc` and `--enable-precise-memory-info`, which make `performance.memory`
 * exact instead of bucketed).
 */
function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  if (typeof process !== 'undefined' && typeof process.memoryUsage === 'function') {
    return process.memoryUsage().heapUsed / 2 ** 20;
  }
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : Number.NaN;
}

function sizes(doc: Y.Doc): { docBytes: number; docBytesV1: number; liveDocBytes: number } {
  const live = Y.encodeStateAsUpdateV2(doc);
  const stored = new Y.Doc();
  Y.applyUpdateV2(stored, live);
  const result = {
    docBytes: Y.encodeStateAsUpdateV2(stored).byteLength,
    docBytesV1: Y.encodeStateAsUpdate(stored).byteLength,
    liveDocBytes: live.byteLength,
  };
  stored.destroy();
  return result;
}

function applyToYText(ytext: Y.Text, patches: Patch[]): void {
  for (const [at, deleteCount, insert] of patches) {
    if (deleteCount > 0) ytext.delete(at, deleteCount);
    if (insert !== '') ytext.insert(at, insert);
  }
}

/** The reference: every transaction straight into a Y.Text. */
export function replayYText(trace: SequentialTrace, limit = trace.txns.length): ReplayResult {
  const doc = new Y.Doc();
  const ytext = doc.getText('text');
  const start = performance.now();
  for (let i = 0; i < limit; i++) {
    const txn = trace.txns[i];
    if (txn) doc.transact(() => applyToYText(ytext, txn.patches));
  }
  const ms = performance.now() - start;
  const result = {
    ms,
    ...sizes(doc),
    text: ytext.toString(),
    heapMB: heapMB(),
  };
  doc.destroy();
  return result;
}

function mount(doc: Y.Doc, awareness?: Awareness): MusterEditor {
  const element = document.createElement('div');
  document.body.append(element);
  const user = awareness ? { name: 'Ada', color: '#30bced' } : undefined;
  return createEditor({ element, doc, awareness, user });
}

/**
 * Shows a collaborator's cursor at the start of the first line, as a provider relaying their
 * awareness would, and waits until the editor draws it (y-prosemirror redraws from a timer).
 */
async function showRemoteCursor(doc: Y.Doc, awareness: Awareness, view: EditorView): Promise<void> {
  const line = doc.getXmlFragment('body').get(0) as Y.XmlElement;
  const text = line.get(0) as Y.XmlText;
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0));
  const remote = new Awareness(new Y.Doc());
  remote.setLocalState({
    user: { name: 'Bo', color: '#ee6352' },
    cursor: { anchor: at, head: at },
  });
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(remote, [remote.clientID]), 'remote');
  remote.destroy();
  for (let i = 0; i < 250 && !view.dom.querySelector('.ProseMirror-yjs-cursor'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Trace transactions [from, to), each as one ProseMirror transaction dispatched through `view`. */
function dispatchTxns(
  view: EditorView,
  trace: SequentialTrace,
  index: LineIndex,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const txn = trace.txns[i];
    if (!txn) continue;
    const tr = view.state.tr;
    for (const patch of txn.patches) applyPatch(tr, patch, index);
    view.dispatch(tr);
  }
}

function fragmentText(doc: Y.Doc): string {
  return documentText(yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('body'), schema));
}

/** Every transaction as one ProseMirror transaction through createEditor's y-prosemirror binding. */
export function replayBinding(trace: SequentialTrace, limit = trace.txns.length): ReplayResult {
  const doc = new Y.Doc();
  const editor = mount(doc);
  const { view } = editor;
  const start = performance.now();
  const index = new LineIndex(view.state.doc);
  dispatchTxns(view, trace, index, 0, limit);
  const ms = performance.now() - start;
  const result = {
    ms,
    ...sizes(doc),
    text: fragmentText(doc),
    viewText: documentText(view.state.doc),
    heapMB: heapMB(),
    writes: { ...syncStats(view.state)! },
  };
  editor.destroy();
  editor.view.dom.parentElement?.remove();
  doc.destroy();
  return result;
}

/**
 * The binding replay while a collaborator's cursor is drawn (a widget decoration at the start
 * of the first line, where y-prosemirror puts it), as when two people edit one document. The
 * cursor is shown after the first transaction (which creates the first line in Y); the rest is
 * timed. `cursorDrawn` says whether the cursor was still drawn at the end.
 */
export async function replayBindingWithCursor(
  trace: SequentialTrace,
  limit = trace.txns.length,
): Promise<{ ms: number; text: string; cursorDrawn: boolean }> {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const editor = mount(doc, awareness);
  const { view } = editor;
  const index = new LineIndex(view.state.doc);
  dispatchTxns(view, trace, index, 0, 1);
  await showRemoteCursor(doc, awareness, view);
  const start = performance.now();
  dispatchTxns(view, trace, index, 1, limit);
  const ms = performance.now() - start;
  const result = {
    ms,
    text: fragmentText(doc),
    cursorDrawn: view.dom.querySelector('.ProseMirror-yjs-cursor') !== null,
  };
  editor.destroy();
  editor.view.dom.parentElement?.remove();
  awareness.destroy();
  doc.destroy();
  return result;
}

/**
 * A second reference: the same ProseMirror transactions on a bare EditorView (no Yjs), so the
 * results show how much of the binding's time ProseMirror itself takes.
 */
export function replayProseMirror(trace: SequentialTrace, limit = trace.txns.length): number {
  const element = document.createElement('div');
  document.body.append(element);
  const view = new EditorView(element, {
    state: EditorState.create({ schema, doc: schema.topNodeType.createAndFill()! }),
  });
  const start = performance.now();
  const index = new LineIndex(view.state.doc);
  dispatchTxns(view, trace, index, 0, limit);
  const ms = performance.now() - start;
  view.destroy();
  element.remove();
  return ms;
}

interface Agent {
  doc: Y.Doc;
  applied: Uint8Array;
  apply(patches: Patch[]): void;
  text(): string;
  destroy(): void;
}

/**
 * Replays a concurrent trace with one Y.Doc per agent. Before an agent applies a transaction,
 * exactly the updates of that transaction's missing ancestors are delivered to its doc, so the
 * patches land on the state they were made on; at the end all docs exchange everything.
 */
export function replayConcurrent(
  trace: ConcurrentTrace,
  mode: 'binding' | 'ytext',
): { ms: number; texts: string[] } {
  const updates: Uint8Array[] = [];
  const agents: Agent[] = Array.from({ length: trace.numAgents }, (_, index) => {
    const doc = new Y.Doc();
    doc.clientID = index + 1; // deterministic: the same run gives the same merge
    const applied = new Uint8Array(trace.txns.length);
    if (mode === 'ytext') {
      const ytext = doc.getText('text');
      return {
        doc,
        applied,
        apply: (patches) => doc.transact(() => applyToYText(ytext, patches)),
        text: () => ytext.toString(),
        destroy: () => doc.destroy(),
      };
    }
    const editor = mount(doc);
    return {
      doc,
      applied,
      apply: (patches) => {
        const tr = editor.view.state.tr;
        for (const patch of patches) applyPatch(tr, patch);
        editor.view.dispatch(tr);
      },
      text: () => fragmentText(doc),
      destroy: () => {
        editor.destroy();
        doc.destroy();
      },
    };
  });

  const REMOTE = Symbol('remote');
  const deliver = (agent: Agent, parents: number[]): void => {
    // Depth-first over missing ancestors, delivering each after its own parents.
    const stack: [number, boolean][] = parents.map((p) => [p, false]);
    while (stack.length > 0) {
      const [txn, expanded] = stack.pop()!;
      if (agent.applied[txn]) continue;
      if (expanded) {
        agent.applied[txn] = 1;
        Y.applyUpdate(agent.doc, updates[txn]!, REMOTE);
        continue;
      }
      stack.push([txn, true]);
      for (const parent of trace.txns[txn]!.parents)
        if (!agent.applied[parent]) stack.push([parent, false]);
    }
  };

  const local: Uint8Array[] = [];
  for (const agent of agents) {
    agent.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) local.push(update);
    });
  }

  const start = performance.now();
  trace.txns.forEach((txn, index) => {
    const agent = agents[txn.agent]!;
    deliver(agent, txn.parents);
    agent.apply(txn.patches);
    updates[index] = local.length === 1 ? local[0]! : Y.mergeUpdates(local);
    local.length = 0;
    agent.applied[index] = 1;
  });
  for (const agent of agents)
    deliver(
      agent,
      trace.txns.map((_, i) => i),
    );
  const ms = performance.now() - start;
  const texts = agents.map((agent) => agent.text());
  for (const agent of agents) agent.destroy();
  return { ms, texts };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

// The editing traces (josephg/editing-traces, CC BY 4.0) live outside the repository, next to
// it: <repo>/../shared/data/editing-traces. See that folder's README for their format.

/** [position, deleteCount, insertText]; positions count code points. */
export type Patch = [number, number, string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: { agent: number; parents: number[]; patches: Patch[] }[];
}

export function tracesDir(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'data', 'editing-traces');
}

export function loadTrace<T extends { endContent: string; txns: { patches: Patch[] }[] }>(
  dir: string,
  name: string,
): T {
  const trace = JSON.parse(
    gunzipSync(readFileSync(path.join(dir, `${name}.json.gz`))).toString('utf8'),
  ) as T;
  // Code point positions equal UTF-16 indexes only without surrogate pairs; the replays rely on
  // that, so refuse a trace that has them instead of replaying it wrongly.
  const surrogate = /[\uD800-\uDFFF]/;
  if (
    surrogate.test(trace.endContent) ||
    trace.txns.some((t) => t.patches.some((p) => surrogate.test(p[2])))
  ) {
    throw new Error(
      `Trace ${name} has characters outside the BMP; this replay does not support them.`,
    );
  }
  return trace;
}

export function countEdits(trace: { txns: { patches: Patch[] }[] }): number {
  let edits = 0;
  for (const txn of trace.txns) edits += txn.patches.length;
  return edits;
}

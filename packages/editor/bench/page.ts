// The benchmark's entry in the browser page: bench/browser.ts bundles this file, loads it in
// Chromium and calls these functions with traces it serves to the page.
import {
  replayBinding,
  replayBindingWithCursor,
  replayConcurrent,
  replayProseMirror,
  replayYText,
} from './replay.js';
import type { ConcurrentTrace, SequentialTrace } from './traces.js';

async function trace<T>(name: string): Promise<T> {
  const response = await fetch(`/traces/${name}.json`);
  if (!response.ok) throw new Error(`Trace ${name}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const bench = {
  replayYText: async (name: string, limit?: number) =>
    replayYText(await trace<SequentialTrace>(name), limit),
  replayBinding: async (name: string, limit?: number) =>
    replayBinding(await trace<SequentialTrace>(name), limit),
  replayBindingWithCursor: async (name: string, limit?: number) =>
    replayBindingWithCursor(await trace<SequentialTrace>(name), limit),
  replayProseMirror: async (name: string, limit?: number) =>
    replayProseMirror(await trace<SequentialTrace>(name), limit),
  replayConcurrent: async (name: string, mode: 'binding' | 'ytext') =>
    replayConcurrent(await trace<ConcurrentTrace>(name), mode),
};

export type PageBench = typeof bench;
(globalThis as { bench?: PageBench }).bench = bench;

// `pnpm bench:editor`: replays real keystroke traces through the editor's y-prosemirror binding
// (headless EditorView on jsdom) and straight into a Y.Text as the reference, in the same run,
// and writes <repo>/bench/results/editor.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installHeadlessDom } from './headless.js';
import {
  countEdits,
  loadTrace,
  tracesDir,
  type ConcurrentTrace,
  type SequentialTrace,
} from './traces.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TARGET_RATIO = 5;
const TARGET_SIZE_RATIO = 1.5;
const SEQUENTIAL = ['automerge-paper', 'seph-blog1'];
const WARMUP_TXNS = 5_000;

const loadAtStart = os.loadavg().map((l) => round(l, 1));
installHeadlessDom();
// prosemirror-view reads `navigator` at load time, so the replay code is imported afterwards.
const { replayBinding, replayConcurrent, replayProseMirror, replayYText } =
  await import('./replay.js');

const dir = tracesDir(repoRoot);
const traces = [];
for (const name of SEQUENTIAL) {
  const trace = loadTrace<SequentialTrace>(dir, name);
  // Warm both paths up the same way so neither pays for JIT compilation in its timing.
  replayYText(trace, WARMUP_TXNS);
  replayBinding(trace, WARMUP_TXNS);
  replayProseMirror(trace, WARMUP_TXNS);
  progress(`${name}: Y.Text reference`);
  // The reference is cheap: run it three times and keep the median, so one run slowed down by
  // other work on the machine does not skew the ratio.
  const references = [replayYText(trace), replayYText(trace), replayYText(trace)];
  references.sort((x, y) => x.ms - y.ms);
  const reference = references[1]!;
  progress(`${name}: ProseMirror alone`);
  const proseMirrorMs = replayProseMirror(trace);
  progress(`${name}: through the editor binding (this takes a while)`);
  const binding = replayBinding(trace);
  const ratio = binding.ms / reference.ms;
  traces.push({
    trace: name,
    edits: countEdits(trace),
    bindingMs: round(binding.ms),
    yTextMs: round(reference.ms),
    yTextRunsMs: references.map((r) => round(r.ms)),
    ratio: round(ratio, 2),
    // The same transactions on a bare EditorView without Yjs: the part of the cost that is
    // ProseMirror's (and jsdom's), which no binding can remove.
    proseMirrorMs: round(proseMirrorMs),
    proseMirrorRatio: round(proseMirrorMs / reference.ms, 2),
    docBytes: binding.docBytes,
    yTextDocBytes: reference.docBytes,
    docBytesV1: binding.docBytesV1,
    yTextDocBytesV1: reference.docBytesV1,
    liveDocBytes: binding.liveDocBytes,
    yTextLiveDocBytes: reference.liveDocBytes,
    sizeRatio: round(binding.docBytes / reference.docBytes, 2),
    heapMB: round(binding.heapMB, 1),
    incrementalWrites: binding.writes?.incremental ?? 0,
    fullWrites: binding.writes?.full ?? 0,
    matches:
      binding.text === trace.endContent &&
      binding.viewText === trace.endContent &&
      reference.text === trace.endContent,
    ratioOk: ratio <= TARGET_RATIO,
    sizeOk: binding.docBytes <= TARGET_SIZE_RATIO * reference.docBytes,
  });
}

const friends = loadTrace<ConcurrentTrace>(dir, 'friendsforever');
const concurrent = (['ytext', 'binding'] as const).map((mode) => {
  progress(`friendsforever: ${mode}, ${friends.numAgents} agents`);
  const { ms, texts } = replayConcurrent(friends, mode);
  return {
    trace: 'friendsforever',
    mode,
    agents: friends.numAgents,
    edits: countEdits(friends),
    ms: round(ms),
    converged: texts.every((t) => t === texts[0]),
    matches: texts.every((t) => t === friends.endContent),
  };
});

const results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  // Timings are wall-clock; a busy machine inflates the long binding replays most.
  loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => round(l, 1)) },
  targets: { ratio: TARGET_RATIO, sizeRatio: TARGET_SIZE_RATIO },
  traces,
  concurrent,
};
const out = path.join(repoRoot, 'bench', 'results', 'editor.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

console.table(
  traces.map((t) => ({
    trace: t.trace,
    edits: t.edits,
    'binding ms': t.bindingMs,
    'Y.Text ms': t.yTextMs,
    [`ratio (≤${TARGET_RATIO})`]: t.ratio,
    'PM alone ms': t.proseMirrorMs,
    'doc bytes': t.docBytes,
    'Y.Text bytes': t.yTextDocBytes,
    [`size ratio (≤${TARGET_SIZE_RATIO})`]: t.sizeRatio,
    'heap MB': t.heapMB,
    matches: t.matches,
  })),
);
console.table(concurrent);
console.log(`wrote ${path.relative(repoRoot, out)}`);

const failed =
  traces.some((t) => !t.matches) || concurrent.some((c) => c.mode === 'ytext' && !c.matches);
if (failed) {
  console.error("A replay did not reproduce the trace's endContent.");
  process.exitCode = 1;
}

function progress(message: string): void {
  process.stderr.write(`… ${message}\n`);
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

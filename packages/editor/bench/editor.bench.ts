// `pnpm bench:editor`: replays real keystroke traces in Chromium (/usr/bin/chromium, headless)
// through the editor's y-prosemirror binding, on a bare ProseMirror EditorView without Yjs, and
// straight into a Y.Text as the reference, all in the same page and run, and writes
// <repo>/bench/results/editor.json.
//
// The headline `ratio` is the binding's time over the Y.Text time in that page. The editor is
// mounted by createEditor with all its plugins, one ProseMirror transaction per trace
// transaction, dispatched through the view. The page body is `display: none` (see
// bench/browser.ts): the editor's DOM is built and updated, but not laid out, as jsdom did
// before; the layout a displayed editor pays per frame is the browser's, not the binding's.
//
// Options: `--only <trace>` replays one sequential trace; `--displayed` lays the page out, to
// see what rendering adds (both write no results file); `--profile <dir>` saves a CPU profile
// of each binding replay, of the first Y.Text reference and of the bare ProseMirror replay there.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchPage } from './browser.js';
import type { PageBench } from './page.js';
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

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    displayed: { type: 'boolean' },
    profile: { type: 'string' },
  },
});
const selected = options.only ? SEQUENTIAL.filter((name) => name === options.only) : SEQUENTIAL;
if (selected.length === 0) throw new Error(`--only ${options.only}: not one of ${SEQUENTIAL}`);
if (options.profile) mkdirSync(options.profile, { recursive: true });

const loadAtStart = os.loadavg().map((l) => round(l, 1));
const dir = tracesDir(repoRoot);
const page = await openBenchPage({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  tracesDir: dir,
  displayed: options.displayed ?? false,
});

type Replay = 'replayYText' | 'replayProseMirror' | 'replayBinding';

/** One full replay; with `--profile`, its CPU profile is saved as `<trace>-<label>.cpuprofile`. */
function profiled<F extends Replay>(fn: F, trace: string, label: string): ReturnType<PageBench[F]> {
  // Every replay takes (trace, limit?), which the page's typed call cannot see through `F`.
  const args = [trace] as unknown as Parameters<PageBench[F]>;
  return options.profile
    ? page.profile(path.join(options.profile, `${trace}-${label}.cpuprofile`), fn, ...args)
    : page.call(fn, ...args);
}

const traces = [];
const friends = loadTrace<ConcurrentTrace>(dir, 'friendsforever');
const concurrent = [];
try {
  for (const name of selected) {
    const trace = loadTrace<SequentialTrace>(dir, name);
    const { endContent } = trace;
    // Warm every path up the same way so none pays for JIT compilation in its timing.
    await page.call('replayYText', name, WARMUP_TXNS);
    await page.call('replayBinding', name, WARMUP_TXNS);
    await page.call('replayProseMirror', name, WARMUP_TXNS);
    await page.call('replayBindingWithCursor', name, WARMUP_TXNS);
    // The reference is cheap: run it before, between and after the long replays and keep the
    // median, so neither one run slowed down by other work nor a change of load over the
    // minutes of the binding replay skews the ratio.
    progress(`${name}: Y.Text reference`);
    const references = [await profiled('replayYText', name, 'ytext')];
    progress(`${name}: ProseMirror alone`);
    const proseMirrorMs = await profiled('replayProseMirror', name, 'prosemirror');
    references.push(await page.call('replayYText', name));
    progress(`${name}: through the editor binding`);
    const binding = await profiled('replayBinding', name, 'binding');
    progress(`${name}: through the editor binding, a collaborator's cursor drawn`);
    const withCursor = await page.call('replayBindingWithCursor', name);
    references.push(await page.call('replayYText', name));
    const reference = [...references].sort((x, y) => x.ms - y.ms)[1]!;
    const ratio = binding.ms / reference.ms;
    traces.push({
      trace: name,
      edits: countEdits(trace),
      bindingMs: round(binding.ms),
      yTextMs: round(reference.ms),
      yTextRunsMs: references.map((r) => round(r.ms)),
      ratio: round(ratio, 2),
      // The same transactions on a bare EditorView without Yjs: the part of the cost that is
      // ProseMirror's, which no binding can remove.
      proseMirrorMs: round(proseMirrorMs),
      proseMirrorRatio: round(proseMirrorMs / reference.ms, 2),
      // The binding while a collaborator's cursor is drawn (decorations in one line), as when
      // two people edit the document: not the headline, but what co-editing costs.
      withCursorMs: round(withCursor.ms),
      withCursorRatio: round(withCursor.ms / reference.ms, 2),
      cursorDrawn: withCursor.cursorDrawn,
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
        binding.text === endContent &&
        binding.viewText === endContent &&
        withCursor.text === endContent &&
        references.every((r) => r.text === endContent),
      ratioOk: ratio <= TARGET_RATIO,
      sizeOk: binding.docBytes <= TARGET_SIZE_RATIO * reference.docBytes,
    });
  }

  for (const mode of ['ytext', 'binding'] as const) {
    progress(`friendsforever: ${mode}, ${friends.numAgents} agents`);
    const { ms, texts } = await page.call('replayConcurrent', 'friendsforever', mode);
    concurrent.push({
      trace: 'friendsforever',
      mode,
      agents: friends.numAgents,
      edits: countEdits(friends),
      ms: round(ms),
      converged: texts.every((t) => t === texts[0]),
      matches: texts.every((t) => t === friends.endContent),
    });
  }
} finally {
  await page.close();
}

const results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  browser: `Chromium ${page.version}, headless, page ${options.displayed ? '' : 'not '}displayed`,
  cpus: os.cpus().length,
  // Timings are wall-clock; a busy machine inflates the long binding replays most.
  loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => round(l, 1)) },
  targets: { ratio: TARGET_RATIO, sizeRatio: TARGET_SIZE_RATIO },
  traces,
  concurrent,
};
if (options.only || options.displayed) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const out = path.join(repoRoot, 'bench', 'results', 'editor.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(repoRoot, out)}`);
}

console.table(
  traces.map((t) => ({
    trace: t.trace,
    edits: t.edits,
    'binding ms': t.bindingMs,
    'Y.Text ms': t.yTextMs,
    [`ratio (≤${TARGET_RATIO})`]: t.ratio,
    'PM alone ms': t.proseMirrorMs,
    'PM alone ratio': t.proseMirrorRatio,
    'with cursor ratio': t.withCursorRatio,
    'doc bytes': t.docBytes,
    'Y.Text bytes': t.yTextDocBytes,
    [`size ratio (≤${TARGET_SIZE_RATIO})`]: t.sizeRatio,
    'heap MB': t.heapMB,
    matches: t.matches,
  })),
);
console.table(concurrent);

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

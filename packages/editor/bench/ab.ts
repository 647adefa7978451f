// `pnpm --filter @muster/editor bench:editor:ab --module <import> --a <file> --b <file>`:
// compares two versions of one module (a patched dependency's dist file, one of the binding's
// modules) on the same replays. Each version gets its own page in one Chromium, bundled with
// that import resolved to its file; the replays run alternately, A then B then B then A, so a
// change of load on this shared machine hits both. Single runs of the full bench move by ±15 %,
// more than most changes are worth; a B/A ratio of medians over three or more rounds is what
// to go by. Run the same file as A and B first to see the noise: one short round of identical
// code has given B/A 0.70 for the bare view (the first replay of a round runs slower).
//
// Both files must sit where their own imports resolve, next to the module they replace. A
// prosemirror-view change: copy the committed dist/index.js and the changed one into the
// installed package's dist/, then `--module prosemirror-view --a <dist>/a.js --b <dist>/b.js`;
// one of the binding's files: `--module ./undo.js --a src/binding/undo.ts --b
// src/binding/undo-b.ts` (remove the copies afterwards).
// Options: --trace (default automerge-paper), --fns (default replayProseMirror,replayBinding),
// --rounds (default 3), --limit (replay only the first N transactions).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchPage, type BenchPage } from './browser.js';
import { tracesDir } from './traces.js';

type Replay = 'replayYText' | 'replayProseMirror' | 'replayBinding';
const REPLAYS: readonly Replay[] = ['replayYText', 'replayProseMirror', 'replayBinding'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values: options } = parseArgs({
  options: {
    module: { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    trace: { type: 'string', default: 'automerge-paper' },
    fns: { type: 'string', default: 'replayProseMirror,replayBinding' },
    rounds: { type: 'string', default: '3' },
    limit: { type: 'string' },
  },
});
const { module, a, b } = options;
if (!module || !a || !b) throw new Error('Pass --module <import> --a <file> --b <file>.');
const fns = options.fns.split(',').map((name) => {
  if (!(REPLAYS as readonly string[]).includes(name))
    throw new Error(`--fns: ${name} is not one of ${REPLAYS.join(', ')}`);
  return name as Replay;
});
const rounds = Number(options.rounds);
const limit = options.limit === undefined ? undefined : Number(options.limit);

const open = (to: string) =>
  openBenchPage({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    tracesDir: tracesDir(repoRoot),
    redirect: { module, to },
  });
const pages: [BenchPage, BenchPage] = [await open(a), await open(b)];

async function replay(page: BenchPage, fn: Replay, n?: number): Promise<number> {
  return fn === 'replayProseMirror'
    ? page.call(fn, options.trace, n)
    : (await page.call(fn, options.trace, n)).ms;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
try {
  for (const page of pages) for (const fn of fns) await replay(page, fn, 5_000); // warm up
  const times = new Map(fns.map((fn) => [fn, [[], []] as [number[], number[]]]));
  for (let round = 0; round < rounds; round++) {
    for (const fn of fns) {
      for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) {
        times.get(fn)![side]!.push(await replay(pages[side]!, fn, limit));
      }
    }
    const line = fns.map((fn) => `${fn} ${times.get(fn)!.map((t) => Math.round(t.at(-1)!))}`);
    process.stderr.write(`round ${round + 1}: ${line.join(', ')} ms (A, B)\n`);
  }
  console.table(
    fns.map((fn) => {
      const [timesA, timesB] = times.get(fn)!;
      return {
        replay: fn,
        'A ms (median)': Math.round(median(timesA)),
        'B ms (median)': Math.round(median(timesB)),
        'B / A': Math.round((median(timesB) / median(timesA)) * 1000) / 1000,
      };
    }),
  );
} finally {
  for (const page of pages) await page.close();
}

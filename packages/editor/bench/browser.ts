import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import type { PageBench } from './page.js';

// Runs the replays in Debian's Chromium: bench/page.ts is bundled with esbuild and served, with
// the traces, from Node through Playwright's request routing, so the page needs no server.

const ORIGIN = 'http://bench.invalid';
const benchDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The page. By default its body is not displayed (`display: none`): the editor builds and
 * updates its DOM as it would on screen, but Chromium never lays it out. ProseMirror reads the
 * DOM selection after every update, which in a displayed page forces a synchronous layout of
 * the editor per transaction: the browser's rendering cost, paid once per frame when a person
 * types, the same with or without Yjs, and not what the benchmark compares.
 */
function html(displayed: boolean): string {
  const style = displayed ? '' : ' style="display: none"';
  return `<!doctype html><html><head><meta charset="utf-8"></head>
<body${style}><script type="module" src="/page.js"></script></body></html>`;
}

type Fn = keyof PageBench;

/** A Chromium page with the replays of bench/replay.ts loaded. */
export interface BenchPage {
  /** Calls one of bench/page.ts's functions in the page and returns its result. */
  call<F extends Fn>(fn: F, ...args: Parameters<PageBench[F]>): ReturnType<PageBench[F]>;
  /** Like `call`, recording a CPU profile of the call into `file` (a `.cpuprofile`). */
  profile<F extends Fn>(
    file: string,
    fn: F,
    ...args: Parameters<PageBench[F]>
  ): ReturnType<PageBench[F]>;
  /** Chromium's version string. */
  version: string;
  close(): Promise<void>;
}

/** Resolves the import specifier `module` to the file `to` instead (for A/B runs, bench/ab.ts). */
export interface Redirect {
  module: string;
  to: string;
}

function redirecting({ module, to }: Redirect): Plugin {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const filter = new RegExp(`^${escaped}$`);
  return {
    name: 'redirect',
    setup(b) {
      b.onResolve({ filter }, () => ({ path: path.resolve(to) }));
    },
  };
}

async function bundle(redirect?: Redirect): Promise<string> {
  const result = await build({
    entryPoints: [path.join(benchDir, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    plugins: redirect ? [redirecting(redirect)] : [],
  });
  return result.outputFiles[0]!.text;
}

async function serve(page: Page, script: string, options: BenchPageOptions): Promise<void> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/') {
      return route.fulfill({ contentType: 'text/html', body: html(options.displayed ?? false) });
    }
    if (pathname === '/page.js') {
      return route.fulfill({ contentType: 'text/javascript', body: script });
    }
    const trace = /^\/traces\/([\w-]+)\.json$/.exec(pathname)?.[1];
    if (trace) {
      const body = gunzipSync(readFileSync(path.join(options.tracesDir, `${trace}.json.gz`)));
      return route.fulfill({ contentType: 'application/json', body });
    }
    return route.fulfill({ status: 404, body: `${pathname} is not served` });
  });
}

export interface BenchPageOptions {
  /** Chromium to launch; never a browser Playwright downloads. */
  executablePath: string;
  /** The editing traces, `<name>.json.gz`. */
  tracesDir: string;
  /** Lay the page out (a visible editor) instead of leaving it undisplayed. */
  displayed?: boolean;
  /** Bundle the page with one import resolved elsewhere. */
  redirect?: Redirect;
}

/** Launches Chromium with the bench page. */
export async function openBenchPage(options: BenchPageOptions): Promise<BenchPage> {
  const script = await bundle(options.redirect);
  const browser: Browser = await chromium.launch({
    executablePath: options.executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // A replay runs for minutes in one task: keep Chromium from throttling the page.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      // gc() before reading the heap, and exact instead of bucketed performance.memory.
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await serve(page, script, options);
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => 'bench' in globalThis);
    let cdp: CDPSession | undefined;

    const call = <F extends Fn>(fn: F, ...args: Parameters<PageBench[F]>) =>
      page.evaluate(
        ([name, list]) => {
          const bench = (globalThis as unknown as { bench: PageBench })['bench'];
          return (bench[name] as (...a: unknown[]) => unknown)(...list);
        },
        [fn, args] as const,
      ) as ReturnType<PageBench[F]>;

    return {
      version: browser.version(),
      call,
      profile: (async <F extends Fn>(file: string, fn: F, ...args: Parameters<PageBench[F]>) => {
        cdp ??= await page.context().newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
        const result = await call(fn, ...args);
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(file, JSON.stringify(profile));
        return result;
      }) as BenchPage['profile'],
      async close() {
        await browser.close();
        if (errors.length > 0) throw errors[0];
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

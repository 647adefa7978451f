import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, createWorkspace, newPerson, signUp } from './helpers';
import { createTable, tableStatus } from './grid-helpers';

const ROWS = 100_000;

function bigCsv(): Buffer {
  const lines = ['Name,Temperature,Ward,Seen,Fever'];
  for (let i = 0; i < ROWS; i++) {
    const temp = (36 + (i % 25) / 10).toFixed(1);
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`Person ${i},${temp},Ward ${i % 40},2026-02-${day},${Number(temp) >= 37.3}`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function frameStats(deltas: number[]) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    frames: deltas.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? 0),
    longFramesOver50Ms: deltas.filter((d) => d > 50).length,
  };
}

test('a 100,000-row table imported from CSV opens and scrolls; timings go to grid-perf.json', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signUp(page, newPerson('Pat'));
  const ws = await createWorkspace(page, 'Big hospital', 'Asia/Shanghai');
  const id = await createTable(page, ws, 'Check-ins 100k');

  // Import the way a person would: pick a CSV file, check the plan, import; a progress bar shows.
  const started = Date.now();
  await page.locator('input[type="file"]').setInputFiles({
    name: 'check-ins.csv',
    mimeType: 'text/csv',
    buffer: bigCsv(),
  });
  await page.getByRole('button', { name: `Import ${ROWS} rows` }).click();
  await expect(page.getByTestId('import-progress').getByRole('progressbar')).toBeVisible();
  await expect(page.getByText(`Imported ${ROWS} rows.`)).toBeVisible({ timeout: 180_000 });
  const importMs = Date.now() - started;
  await expect(page.getByTestId('grid')).toHaveAttribute('data-rows', String(ROWS));
  await expect(tableStatus(page)).toHaveText('All changes saved', { timeout: 120_000 });
  const syncedMs = Date.now() - started;

  // Open it again: time from navigation start to the first rendered row, then to the footer.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRow?: number; __footer?: number };
    new MutationObserver(() => {
      if (w.__firstRow === undefined && document.querySelector('[data-testid="grid"] .datarow'))
        w.__firstRow = performance.now();
      if (
        w.__footer === undefined &&
        document.querySelector('[data-testid="grid-footer"][data-ready="true"]')
      )
        w.__footer = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  const stored = await page.evaluate(
    (name) =>
      new Promise<number>((done) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const count = open.result.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => done(count.result);
        };
      }),
    `muster:ws/${ws}/table/${id}`,
  );
  await page.goto(`/w/${ws}/tables/${id}`);
  await expect(page.getByTestId('grid')).toHaveAttribute('data-rows', String(ROWS), {
    timeout: 120_000,
  });
  await expect(page.getByTestId('grid-footer')).toHaveAttribute('data-ready', 'true', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('row-count')).toHaveText('100,000 rows');
  await expect(page.getByTestId('footer-Temperature')).toHaveText(/^Sum /);
  const opened = await page.evaluate(() => {
    const w = window as unknown as { __firstRow?: number; __footer?: number };
    const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? -1;
    return {
      firstRowMs: w.__firstRow ?? -1,
      footerMs: w.__footer ?? -1,
      openMs: mark('muster:table-open'),
      localLoadedMs: mark('muster:table-local-loaded'),
    };
  });

  // Scroll: steady wheel-like scrolling, then jumps as when dragging the scrollbar; frame times
  // are the deltas between animation frames.
  const scroll = await page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('[data-testid="grid"]')!;
    const run = (frames: number, next: (i: number) => number) =>
      new Promise<number[]>((done) => {
        const deltas: number[] = [];
        let last = performance.now();
        let i = 0;
        const tick = (now: number) => {
          deltas.push(now - last);
          last = now;
          if (i >= frames) return done(deltas.slice(1));
          grid.scrollTop = next(i++);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    const steady = await run(300, (i) => (i + 1) * 240);
    const max = grid.scrollHeight - grid.clientHeight;
    const jumps = await run(60, (i) => ((i * 7919) % 60) * (max / 60));
    const rendered = document.querySelectorAll('[data-testid="grid"] .datarow').length;
    return { steady, jumps, rendered, bottom: max };
  });
  const result = {
    rows: ROWS,
    columns: 5,
    localStoreUpdatesAfterImport: stored,
    importMs,
    importAndSyncedMs: syncedMs,
    tableOpenStartMs: Math.round(opened.openMs),
    localCopyLoadedMs: Math.round(opened.localLoadedMs),
    firstRowMs: Math.round(opened.firstRowMs),
    footerStatsMs: Math.round(opened.footerMs),
    steadyScroll: frameStats(scroll.steady),
    jumpScroll: frameStats(scroll.jumps),
    renderedRowsInDom: scroll.rendered,
    // Wall times on a shared machine include waiting for a CPU: read them with the load average.
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    measuredAt: new Date().toISOString(),
  };
  writeFileSync(join(ARTIFACTS, 'grid-perf.json'), JSON.stringify(result, null, 2));
  console.log('grid performance (100,000 rows × 5 columns):');
  console.table({
    'import (file → rows in the grid)': `${result.importMs} ms`,
    'import + relay has it all': `${result.importAndSyncedMs} ms`,
    'reopen → table room opening': `${result.tableOpenStartMs} ms`,
    'reopen → IndexedDB copy loaded': `${result.localCopyLoadedMs} ms`,
    'reopen → first row rendered': `${result.firstRowMs} ms`,
    'reopen → footer statistics ready': `${result.footerStatsMs} ms`,
    'steady scroll p50 / p95 / max': `${result.steadyScroll.p50Ms} / ${result.steadyScroll.p95Ms} / ${result.steadyScroll.maxMs} ms`,
    'steady scroll frames > 50 ms': `${result.steadyScroll.longFramesOver50Ms} of ${result.steadyScroll.frames}`,
    'jump scroll p50 / p95 / max': `${result.jumpScroll.p50Ms} / ${result.jumpScroll.p95Ms} / ${result.jumpScroll.maxMs} ms`,
    'jump scroll frames > 50 ms': `${result.jumpScroll.longFramesOver50Ms} of ${result.jumpScroll.frames}`,
    'rows in the DOM': `${result.renderedRowsInDom}`,
    'load average (1 min)': `${result.loadAverage1m}`,
  });
  // Virtualised: only about a screenful of the 100,000 rows is ever in the DOM.
  expect(scroll.rendered).toBeGreaterThan(5);
  expect(scroll.rendered).toBeLessThan(100);
  expect(result.firstRowMs).toBeGreaterThan(0);
  // The import compacted the local copy: a handful of stored updates, not one per chunk.
  expect(stored).toBeLessThan(10);
});

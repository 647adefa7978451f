import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import {
  ARTIFACTS,
  SCREEN_SIZES,
  createWorkspace,
  expectNoSidewaysScroll,
  newPerson,
  signUp,
} from './helpers';
import { addColumn, cell, createTable, pasteText, selectCell, tableStatus } from './grid-helpers';

for (const size of SCREEN_SIZES) {
  test(`tables list and grid at ${size.name} width (${size.width}px) fit and are saved as screenshots`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      locale: 'en-US',
    });
    const page = await context.newPage();
    await signUp(page, newPerson('Sam'));
    const ws = await createWorkspace(page, 'Harbour clinic', 'Europe/Berlin');
    await createTable(page, ws, 'Daily check-in');
    await addColumn(page, 'Name');
    await addColumn(page, 'Temperature', 'Number');
    await addColumn(page, 'Status', 'Select');
    await addColumn(page, 'Fever', 'Checkbox');
    await addColumn(page, 'Seen', 'Date');
    await page.getByRole('button', { name: 'Add row' }).click();
    await selectCell(page, 0, 0);
    await pasteText(
      page,
      [
        'Wang Fang\t36.6\tWell\tFALSE\t2026-11-20',
        'Li Lei\t37.8\tSick\tTRUE\t2026-11-20',
        'Zhao Min\t36.9\tWell\tFALSE\t2026-11-21',
        'Chen Jie\t38.2\tIsolating\tTRUE\t2026-11-21',
      ].join('\r\n'),
    );
    await expect(cell(page, 3, 0)).toHaveText('Chen Jie');
    await expect(page.getByTestId('footer-Fever')).toHaveText('2 checked');
    await expect(tableStatus(page)).toHaveText('All changes saved');
    // The first column stays in view while the grid scrolls sideways.
    await page.getByTestId('grid').evaluate((grid) => (grid.scrollLeft = 200));
    const stuck = await cell(page, 0, 0).boundingBox();
    const box = await page.getByTestId('grid').boundingBox();
    expect(stuck!.x).toBeLessThan(box!.x + 60);
    await page.getByTestId('grid').evaluate((grid) => (grid.scrollLeft = 0));
    await selectCell(page, 1, 2);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: join(ARTIFACTS, `table-grid-${size.name}.png`), fullPage: true });

    await page.goto(`/w/${ws}/tables`);
    await expect(page.getByRole('link', { name: 'Daily check-in' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({
      path: join(ARTIFACTS, `tables-list-${size.name}.png`),
      fullPage: true,
    });
    await context.close();
  });
}

import { expect, type Page } from '@playwright/test';

/** On the tables list, create a table; ends on its grid and returns the table id. */
export async function createTable(page: Page, ws: string, title: string): Promise<string> {
  await page.goto(`/w/${ws}/tables`);
  await page.getByLabel('New table name').fill(title);
  await page.getByRole('button', { name: 'Create table' }).click();
  await expect(page).toHaveURL(/\/tables\/[A-Za-z0-9_-]{16}$/);
  await expect(page.getByTestId('grid')).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

/** Add a column through the toolbar and its settings panel; `type` is the label in the type list. */
export async function addColumn(page: Page, name: string, type?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add column' }).first().click();
  const panel = page.getByRole('region', { name: /^Column / });
  await panel.getByLabel('Column name').fill(name);
  await panel.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByTestId(`colhead-${name}`)).toBeVisible();
  if (type) {
    await panel.getByLabel('Type').selectOption({ label: type });
    await panel.getByRole('button', { name: 'Change type' }).click();
    await expect(panel.getByText(/Type changed/)).toBeVisible();
  }
  await panel.getByRole('button', { name: 'Close' }).click();
}

/** The cell at a shown row and column (both 0-based), once rendered. */
export function cell(page: Page, row: number, col: number) {
  return page.locator(`#cell-${row}-${col}`);
}

/** Click a cell (focusing the grid) so keys and clipboard events go to it. */
export async function selectCell(page: Page, row: number, col: number): Promise<void> {
  await cell(page, row, col).click();
  await expect(cell(page, row, col)).toHaveClass(/active/);
}

/** Fire the browser's paste event with `text` on the clipboard, as Excel or WPS put it there. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
  }, text);
}

/** Fire the browser's copy event and return the text the grid put on the clipboard. */
export async function copyText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const transfer = new DataTransfer();
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(
      new ClipboardEvent('copy', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    return transfer.getData('text/plain');
  });
}

/** Every rendered row's cell texts, in row order (the grid shows all rows of a small table). */
export async function gridText(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="grid"] .datarow')]
      .sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row))
      .map((row) =>
        [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')].map((c) =>
          (c.textContent ?? '').trim(),
        ),
      ),
  );
}

/** The table room's own sync status line (the workspace's is in the header). */
export function tableStatus(page: Page) {
  return page.getByTestId('table-sync').getByTestId('sync-status');
}

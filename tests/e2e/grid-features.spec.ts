import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createWorkspace, inviteLink, joinWithNewAccount, newPerson, signUp } from './helpers';
import { addColumn, cell, createTable, gridText, pasteText, selectCell } from './grid-helpers';

test('columns, saved views, CSV import with a line report and a formula-safe export', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext({ acceptDownloads: true });
  const editorContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const editor = await editorContext.newPage();
  await signUp(owner, newPerson('Ada'));
  const ws = await createWorkspace(owner, 'Lab 5', 'Asia/Shanghai');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(editor, link, newPerson('Bo'));
  const id = await createTable(owner, ws, 'Samples');

  // Import a CSV: new columns typed from their values, one bad cell reported by its line.
  await owner.locator('input[type="file"]').setInputFiles({
    name: 'samples.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      '\uFEFFName,Score,Team,Done\r\n=cmd(),10,Red,TRUE\r\nBea,7,Blue,FALSE\r\nCal,12,Red,yes\r\nDan,4,Blue,maybe\r\n',
    ),
  });
  const plan = owner.getByRole('region', { name: 'Import plan' });
  await expect(plan).toContainText('Score: new column of type');
  await expect(plan.getByRole('combobox').nth(1)).toHaveValue('number');
  await plan.getByRole('combobox').nth(2).selectOption('singleSelect');
  await plan.getByRole('combobox').nth(3).selectOption('checkbox');
  await plan.getByRole('button', { name: 'Import 4 rows' }).click();
  await expect(owner.getByText('Imported 4 rows.')).toBeVisible();
  await expect(owner.getByTestId('import-report')).toContainText('Line 5, Done:');
  await expect(owner.getByTestId('footer-Score')).toHaveText('Sum 33');
  await expect(owner.getByTestId('footer-Done')).toHaveText('2 checked');

  // Export CSV: the formula-like name is escaped, numbers stay numbers.
  const [download] = await Promise.all([
    owner.waitForEvent('download'),
    owner.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain("'=cmd(),10,Red,TRUE");
  expect(csv.split('\r\n')[0]).toBe('\uFEFFName,Score,Team,Done');

  // Sort by Score descending from the column settings; save it as a view for everyone.
  await owner.getByTestId('colhead-Score').getByRole('button').click();
  await owner.getByRole('button', { name: 'Sort Z → A' }).click();
  await owner
    .getByRole('region', { name: /^Column / })
    .getByRole('button', { name: 'Close' })
    .click();
  await expect(cell(owner, 0, 0)).toHaveText('Cal');
  await owner.getByLabel('Save as view').fill('Top scores');
  await owner.getByRole('button', { name: 'Save view' }).click();
  await expect(owner.getByLabel('View', { exact: true })).toHaveValue(/.+/);

  // Filter Team = Red inside the saved view: the footer follows the filter.
  await owner.getByRole('button', { name: 'Filter' }).click();
  await owner.getByRole('button', { name: 'Add condition' }).click();
  await owner.getByLabel('Condition 1: column').selectOption({ label: 'Team' });
  await owner.getByLabel('Condition 1: comparison').selectOption({ label: 'is' });
  await owner.getByLabel('Condition 1: value').selectOption({ label: 'Red' });
  await expect(owner.getByTestId('grid')).toHaveAttribute('data-rows', '2');
  await expect(owner.getByTestId('row-count')).toHaveText('2 rows');
  await expect(owner.getByTestId('footer-Score')).toHaveText('Sum 22');

  // The other member picks the saved view and sees the same rows.
  await editor.goto(`/w/${ws}/tables/${id}`);
  await editor.getByLabel('View', { exact: true }).selectOption({ label: 'Top scores' });
  await expect
    .poll(async () => (await gridText(editor)).map((r) => r[0]))
    .toEqual(['Cal', '=cmd()']);

  // Group by team (unsaved, only here).
  await editor.getByLabel('View', { exact: true }).selectOption({ label: 'All rows' });
  await editor.getByLabel('Group by').selectOption({ label: 'Team' });
  await expect(editor.getByRole('row', { name: /Blue 2 rows/ })).toBeVisible();
  await expect(editor.getByRole('row', { name: /Red 2 rows/ })).toBeVisible();
  await editor.getByLabel('Group by').selectOption({ label: '(no grouping)' });

  // Columns: move, hide and show again, retype with a report; the other member follows.
  await addColumn(editor, 'Notes');
  await editor.getByTestId('colhead-Notes').getByRole('button').click();
  await editor.getByRole('button', { name: 'Move left' }).click();
  await editor
    .getByRole('region', { name: /^Column / })
    .getByRole('button', { name: 'Close' })
    .click();
  await expect(owner.getByRole('columnheader').nth(4)).toContainText('Notes');
  await selectCell(editor, 0, 3);
  await pasteText(editor, '5\r\nn/a\r\n');
  await editor.getByTestId('colhead-Notes').getByRole('button').click();
  await editor.getByLabel('Type').selectOption({ label: 'Number' });
  await editor.getByRole('button', { name: 'Change type' }).click();
  await expect(editor.getByText('Type changed: 1 values converted, 1 could not be')).toBeVisible();
  await editor.getByRole('button', { name: 'Hide column' }).click();
  await expect(owner.getByTestId('colhead-Notes')).toHaveCount(0);
  await owner.getByRole('button', { name: 'Show Notes' }).click();
  await expect(editor.getByTestId('colhead-Notes')).toBeVisible();

  // Delete a row with the keyboard-selected range; undo brings it back.
  await selectCell(editor, 3, 0);
  await editor.getByRole('button', { name: 'Delete selected rows' }).click();
  await expect(editor.getByTestId('grid')).toHaveAttribute('data-rows', '3');
  await editor.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.getByTestId('grid')).toHaveAttribute('data-rows', '4');
  await ownerContext.close();
  await editorContext.close();
});

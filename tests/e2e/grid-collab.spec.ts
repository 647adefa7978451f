import { expect, test } from '@playwright/test';
import { createWorkspace, inviteLink, joinWithNewAccount, newPerson, signUp } from './helpers';
import {
  addColumn,
  cell,
  copyText,
  createTable,
  gridText,
  pasteText,
  selectCell,
  tableStatus,
} from './grid-helpers';

test('two editors co-edit a table: typed cells, a pasted TSV range and a new column converge', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const editor = await editorContext.newPage();

  await signUp(owner, newPerson('Ona'));
  const ws = await createWorkspace(owner, 'Ward office', 'Asia/Shanghai');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(editor, link, newPerson('Eli'));

  const id = await createTable(owner, ws, 'Check-ins');
  await addColumn(owner, 'Name');
  await addColumn(owner, 'Temp', 'Number');
  await expect(tableStatus(owner)).toHaveText('All changes saved');

  // The table is in the workspace's list for the other member, and opens there.
  await editor.goto(`/w/${ws}/tables`);
  await editor.getByRole('link', { name: 'Check-ins' }).click();
  await expect(editor.getByTestId('colhead-Temp')).toBeVisible();

  // Owner: add a row and type into it like a spreadsheet (type, Tab, type, Enter).
  await owner.getByRole('button', { name: 'Add row' }).click();
  await selectCell(owner, 0, 0);
  await owner.keyboard.type('Wang');
  await owner.keyboard.press('Tab');
  await expect(cell(owner, 0, 0)).toHaveText('Wang');
  await owner.keyboard.press('Enter');
  await owner.getByTestId('cell-editor').getByRole('textbox').fill('36.6');
  await owner.keyboard.press('Enter');
  await expect(cell(editor, 0, 0)).toHaveText('Wang');
  await expect(cell(editor, 0, 1)).toHaveText('36.6');

  // Editor: paste a 2×2 range as Excel puts it on the clipboard; rows are added as needed.
  await editor.getByRole('button', { name: 'Add row' }).click();
  await selectCell(editor, 1, 0);
  await pasteText(editor, 'Li\t37.4\r\n"Zhao ""Jr"""\t36.9\r\n');
  await expect(editor.getByTestId('grid-message')).toHaveText('Pasted 4 cells.');
  await expect(cell(owner, 2, 0)).toHaveText('Zhao "Jr"');
  await expect(cell(owner, 1, 1)).toHaveText('37.4');

  // A wrong value is refused with the reason, nothing changes.
  await selectCell(owner, 1, 1);
  await owner.keyboard.press('F2');
  await owner.getByTestId('cell-editor').getByRole('textbox').fill('hot');
  await owner.keyboard.press('Enter');
  await expect(owner.getByTestId('cell-editor').getByRole('alert')).toContainText('number');
  await owner.keyboard.press('Escape');
  await expect(cell(owner, 1, 1)).toHaveText('37.4');

  // Editor adds a column; owner fills it while the editor selects a range and copies it.
  await addColumn(editor, 'Ward');
  await expect(owner.getByTestId('colhead-Ward')).toBeVisible();
  await selectCell(owner, 0, 2);
  await owner.keyboard.type('North');
  await owner.keyboard.press('Enter');
  await expect(cell(editor, 0, 2)).toHaveText('North');

  await selectCell(editor, 0, 0);
  await editor.keyboard.press('Shift+ArrowDown');
  await editor.keyboard.press('Shift+ArrowRight');
  expect(await copyText(editor)).toBe('Wang\t36.6\r\nLi\t37.4');

  // Footer figures come from the live statistics engine and follow remote edits.
  await expect(owner.getByTestId('row-count')).toHaveText('3 rows');
  await expect(owner.getByTestId('footer-Temp')).toHaveText('Sum 110.9');
  await expect(editor.getByTestId('footer-Ward')).toHaveText('1 filled');

  // Undo takes back only this tab's own last change; the other member's edits stay.
  await selectCell(editor, 2, 1);
  await editor.keyboard.type('38');
  await editor.keyboard.press('Enter');
  await expect(cell(owner, 2, 1)).toHaveText('38');
  await editor.keyboard.press('Control+z');
  await expect(cell(owner, 2, 1)).toHaveText('36.9');
  await expect(cell(editor, 0, 2)).toHaveText('North');
  await editor.keyboard.press('Control+Shift+z');
  await expect(cell(owner, 2, 1)).toHaveText('38');
  await expect(owner.getByTestId('footer-Temp')).toHaveText('Sum 112');

  await expect(tableStatus(owner)).toHaveText('All changes saved');
  await expect(tableStatus(editor)).toHaveText('All changes saved');
  await expect
    .poll(async () => JSON.stringify(await gridText(editor)))
    .toBe(JSON.stringify(await gridText(owner)));
  expect(id).toHaveLength(16);
  await ownerContext.close();
  await editorContext.close();
});

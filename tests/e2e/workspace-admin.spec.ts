import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, inviteLink, joinWithNewAccount, newPerson, signUp } from './helpers';

async function addDepartment(page: Page, name: string, inside?: string) {
  await page.getByLabel('Department name').fill(name);
  if (inside) await page.getByLabel('Inside').selectOption({ label: inside });
  await page.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByTestId(`dept-${name}`)).toBeVisible();
}

test('the owner renames the workspace and changes its time zone; an editor cannot', async ({
  browser,
  baseURL,
}) => {
  const ownerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const editor = await editorContext.newPage();
  await signUp(owner, newPerson('Ola'));
  const ws = await createWorkspace(owner, 'Depot', 'UTC');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(editor, link, newPerson('Eli'));

  await owner.getByRole('link', { name: 'Settings' }).click();
  await owner.getByLabel('Workspace name').fill('Depot North');
  await owner.getByLabel('Time zone').selectOption('Asia/Shanghai');
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await expect(owner.getByText('Settings saved.')).toBeVisible();
  await expect(owner.getByRole('heading', { level: 1, name: 'Depot North' })).toBeVisible();
  await owner.goto('/workspaces');
  await expect(owner.getByRole('main')).toContainText('Asia/Shanghai');

  // An empty name is refused field by field.
  await owner.goto(`/w/${ws}/settings`);
  await owner.getByLabel('Workspace name').fill(' ');
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await expect(owner.getByText('Enter a name.')).toBeVisible();

  await editor.goto(`/w/${ws}/settings`);
  await expect(editor.getByText('Only owners can change these settings.')).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  // The server checks too: a hand-made post from the editor's session is refused.
  const response = await editor.request.post(`/w/${ws}/settings?/save`, {
    form: { name: 'Taken over', timeZone: 'UTC' },
    headers: { origin: baseURL ?? '', 'x-sveltekit-action': 'true', accept: 'application/json' },
  });
  expect(await response.json()).toMatchObject({ type: 'failure', status: 403 });
  await editor.reload();
  await expect(editor.getByRole('heading', { level: 1, name: 'Depot North' })).toBeVisible();

  await ownerContext.close();
  await editorContext.close();
});

test('departments move by drag and drop, and people come in from a roster after a dry run', async ({
  page,
}) => {
  await signUp(page, newPerson('Dee'));
  const ws = await createWorkspace(page, 'Hospital', 'Asia/Shanghai');
  await page.goto(`/w/${ws}/directory`);
  await addDepartment(page, 'Medicine');
  await addDepartment(page, 'Surgery');
  await addDepartment(page, 'Ward 3');

  await page.getByTestId('dept-Ward 3').dragTo(page.getByTestId('dept-Medicine'));
  await expect(page.getByTestId('dept-Ward 3')).toHaveAttribute('data-depth', '1');
  // A department cannot be dropped into its own subtree: nothing changes.
  await page.getByTestId('dept-Medicine').dragTo(page.getByTestId('dept-Ward 3'));
  await expect(page.getByTestId('dept-Medicine')).toHaveAttribute('data-depth', '0');
  await page.getByTestId('dept-Ward 3').dragTo(page.getByTestId('dept-drop-top'));
  await expect(page.getByTestId('dept-Ward 3')).toHaveAttribute('data-depth', '0');

  // Dry run with problems: reported by line, nothing imported.
  await page
    .getByLabel('Paste CSV')
    .fill(
      'name,department,phone\nWang Fang,Medicine/Ward 5,13800138000\n,Medicine\nLi Lei,Surgery,not-a-phone\n',
    );
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  const errors = page.getByTestId('roster-error');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText('3');
  await expect(errors.nth(0)).toContainText('Missing name');
  await expect(errors.nth(1)).toContainText('4');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  // A clean file uploaded: the dry run counts, then the import adds people and departments.
  await page.getByLabel('Paste CSV').fill('');
  await page.getByLabel('Or choose a CSV or XLSX file').setInputFiles({
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      '\uFEFF姓名,部门,手机\n王芳,Medicine/Ward 5,13800138000\n李雷,Surgery,13900139000\n',
    ),
  });
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await expect(page.getByText('People to add: 2')).toBeVisible();
  await expect(page.getByText('New departments: 1')).toBeVisible();
  await page.getByRole('button', { name: 'Import 2 people' }).click();
  await expect(page.getByText('Imported 2 people; departments created: 1.')).toBeVisible();
  await expect(page.getByTestId('dept-Ward 5')).toHaveAttribute('data-depth', '1');
  await expect(page.getByTestId('dept-Medicine')).toContainText('1 person');
  await expect(page.getByTestId('dept-Surgery')).toContainText('1 person');
});

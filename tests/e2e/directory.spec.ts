import { expect, test, type Page } from '@playwright/test';
import {
  createWorkspace,
  inviteLink,
  joinWithNewAccount,
  newPerson,
  signUp,
  submitSignIn,
  untilServiceWorkerControls,
} from './helpers';

async function addDepartment(page: Page, name: string, inside?: string) {
  await page.getByLabel('Department name').fill(name);
  if (inside) await page.getByLabel('Inside').selectOption({ label: inside });
  await page.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByTestId(`dept-${name}`)).toBeVisible();
}

test('departments sync live between members through the relay, with the sync status shown', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const editor = await editorContext.newPage();
  const oz = newPerson('Oz');
  const ed = newPerson('Ed');

  await signUp(owner, oz);
  const ws = await createWorkspace(owner, 'City hospital', 'Asia/Shanghai');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(editor, link, ed);

  // The status line is on every page of the workspace; the room stays open across its tabs.
  await owner.goto(`/w/${ws}`);
  await expect(owner.getByTestId('sync-status')).toHaveText('All changes saved');
  await owner.getByRole('link', { name: 'Members' }).click();
  await expect(owner).toHaveURL(/\/members$/);
  await expect(owner.getByTestId('sync-status')).toHaveText('All changes saved');
  await owner.getByRole('link', { name: 'Directory' }).click();
  await expect(owner.getByText('No departments yet.')).toBeVisible();
  await addDepartment(owner, 'Medicine');
  await addDepartment(owner, 'Ward 3', 'Medicine');
  await expect(owner.getByTestId('dept-Ward 3')).toHaveAttribute('data-depth', '1');
  await expect(owner.getByTestId('dept-Medicine')).toContainText('0 people');

  // The editor sees the owner's departments, and the owner sees the editor's changes live.
  await editor.goto(`/w/${ws}/directory`);
  await expect(editor.getByTestId('sync-status')).toHaveText('All changes saved');
  await expect(editor.getByTestId('dept-Ward 3')).toHaveAttribute('data-depth', '1');
  await editor.getByTestId('dept-Ward 3').getByRole('button', { name: 'Rename' }).click();
  await editor.getByLabel('New name for Ward 3').fill('Ward 3 North');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByTestId('dept-Ward 3 North')).toBeVisible();

  await owner.getByLabel('Move Ward 3 North under').selectOption({ label: '(top level)' });
  await owner.getByTestId('dept-Ward 3 North').getByRole('button', { name: 'Move' }).click();
  await expect(editor.getByTestId('dept-Ward 3 North')).toHaveAttribute('data-depth', '0');

  owner.once('dialog', (dialog) => dialog.accept());
  await owner.getByTestId('dept-Medicine').getByRole('button', { name: 'Delete' }).click();
  await expect(editor.getByTestId('dept-Medicine')).toHaveCount(0);

  // An empty name is refused with a message, nothing is added.
  await editor.getByLabel('Department name').fill('   ');
  await editor.getByRole('button', { name: 'Add department' }).click();
  await expect(editor.getByText('Enter a name.')).toBeVisible();

  await ownerContext.close();
  await editorContext.close();
});

test('viewers see the departments read-only', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const viewer = await viewerContext.newPage();

  await signUp(owner, newPerson('Uma'));
  const ws = await createWorkspace(owner, 'Street office', 'Asia/Shanghai');
  await owner.goto(`/w/${ws}/directory`);
  await addDepartment(owner, 'Registry');
  const link = await inviteLink(owner, ws, 'viewer');
  await joinWithNewAccount(viewer, link, newPerson('Val'));

  await viewer.goto(`/w/${ws}/directory`);
  await expect(viewer.getByTestId('dept-Registry')).toBeVisible();
  await expect(
    viewer.getByText('Viewers can see the departments but not change them.'),
  ).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Add department' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Rename' })).toHaveCount(0);

  await ownerContext.close();
  await viewerContext.close();
});

test('with the relay unreachable the local copy opens and counts changes waiting', async ({
  page,
}) => {
  await signUp(page, newPerson('Lou'));
  const ws = await createWorkspace(page, 'Shop 17', 'Europe/Berlin');
  await page.goto(`/w/${ws}/directory`);
  await expect(page.getByTestId('sync-status')).toHaveText('All changes saved');
  await addDepartment(page, 'Tills');

  // Point the browser at a port where no relay listens.
  await page.route('**/api/sync-token', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, url: 'ws://127.0.0.1:9' } });
  });
  await page.reload();
  await expect(page.getByTestId('dept-Tills')).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveText('Offline');
  await addDepartment(page, 'Stockroom');
  await expect(page.getByTestId('sync-status')).toHaveText(
    'Offline — 1 change waiting, saved on this device',
  );
  await addDepartment(page, 'Back office');
  await expect(page.getByTestId('sync-status')).toHaveText(
    'Offline — 2 changes waiting, saved on this device',
  );
});

test('after one online visit the directory reloads and edits offline, then syncs when back online', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const rae = newPerson('Rae');
  await signUp(page, rae);
  const ws = await createWorkspace(page, 'Depot 4', 'Asia/Shanghai');
  await page.goto(`/w/${ws}/directory`);
  await expect(page.getByTestId('sync-status')).toHaveText('All changes saved');
  await addDepartment(page, 'Loading bay');
  // Once the service worker controls the page, a reload puts the page itself in its cache.
  await untilServiceWorkerControls(page);
  await page.reload();
  await expect(page.getByTestId('sync-status')).toHaveText('All changes saved');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('dept-Loading bay')).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveText('Offline');
  await addDepartment(page, 'Night shift');
  await expect(page.getByTestId('sync-status')).toHaveText(
    'Offline — 1 change waiting, saved on this device',
  );

  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toHaveText('All changes saved');
  await context.close();

  // The change made offline reached the relay: a fresh browser sees it.
  const other = await browser.newContext();
  const check = await other.newPage();
  await check.goto('/signin');
  await submitSignIn(check, rae.email, rae.password);
  await check.goto(`/w/${ws}/directory`);
  await expect(check.getByTestId('dept-Night shift')).toBeVisible();
  await other.close();
});

import { expect, test } from '@playwright/test';
import { createWorkspace, inviteLink, joinWithNewAccount, newPerson, signUp } from './helpers';

test('removing a member closes their open rooms at once, not when their token expires', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();
  await signUp(owner, newPerson('Oona'));
  const ws = await createWorkspace(owner, 'Warehouse', 'UTC');
  await owner.goto(`/w/${ws}/docs`);
  await owner.getByLabel('Title of the new document').fill('Shift plan');
  await owner.getByRole('button', { name: 'Create document' }).click();
  await expect(owner).toHaveURL(/\/docs\/[A-Za-z0-9_-]{16}$/);
  const docUrl = owner.url();

  const leaving = newPerson('Max');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(member, link, leaving);
  await member.goto(docUrl);
  const status = member.locator('.doc-page').getByTestId('sync-status');
  await expect(status).toHaveText('All changes saved');
  await expect(member.getByTestId('doc-editor')).toHaveAttribute('contenteditable', 'true');

  await owner.goto(`/w/${ws}/members`);
  owner.once('dialog', (dialog) => dialog.accept());
  await owner
    .getByTestId(`member-${leaving.email}`)
    .getByRole('button', { name: 'Remove' })
    .click();
  // "Member removed." (not the fallback message) means the relay confirmed closing them.
  await expect(owner.getByText('Member removed.', { exact: true })).toBeVisible();

  // Well inside the 5-minute token lifetime, the member's page is cut off and turns read-only.
  await expect(status).toHaveText(
    'Could not open this workspace for syncing. Reload the page or sign in again.',
  );
  await expect(member.getByTestId('doc-editor')).toHaveAttribute('contenteditable', 'false');
  await member.reload();
  await expect(member.getByRole('heading', { name: 'Not found' })).toBeVisible();

  await ownerContext.close();
  await memberContext.close();
});

test('making an editor a viewer turns their open document read-only at once', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();
  await signUp(owner, newPerson('Orla'));
  const ws = await createWorkspace(owner, 'Pharmacy', 'UTC');
  await owner.goto(`/w/${ws}/docs`);
  await owner.getByLabel('Title of the new document').fill('Stock list');
  await owner.getByRole('button', { name: 'Create document' }).click();
  await expect(owner).toHaveURL(/\/docs\/[A-Za-z0-9_-]{16}$/);
  const docUrl = owner.url();

  const demoted = newPerson('Dan');
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(member, link, demoted);
  await member.goto(docUrl);
  const text = member.getByTestId('doc-editor');
  await expect(member.locator('.doc-page').getByTestId('sync-status')).toHaveText(
    'All changes saved',
  );
  await expect(text).toHaveAttribute('contenteditable', 'true');

  await owner.goto(`/w/${ws}/members`);
  const row = owner.getByTestId(`member-${demoted.email}`);
  await row.getByLabel(`Role of ${demoted.name}`).selectOption('viewer');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(owner.getByText('Role changed.', { exact: true })).toBeVisible();

  // The relay made the page reconnect with a viewer token: no reload needed.
  await expect(text).toHaveAttribute('contenteditable', 'false');
  await expect(member.getByTestId('viewer-note')).toBeVisible();
  await expect(member.locator('.doc-page').getByTestId('sync-status')).toHaveText(
    'All changes saved',
  );

  await ownerContext.close();
  await memberContext.close();
});

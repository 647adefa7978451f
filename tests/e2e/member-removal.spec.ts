import { expect, test, type Browser } from '@playwright/test';
import { createWorkspace, inviteLink, joinWithNewAccount, newPerson, signUp } from './helpers';

/**
 * An owner with a new document and an editor who has it open and synced: the starting point of
 * both tests (what the owner then does to the editor is what differs).
 */
async function editorWithOpenDocument(
  browser: Browser,
  names: { owner: string; editor: string; workspace: string; doc: string },
) {
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();
  await signUp(owner, newPerson(names.owner));
  const ws = await createWorkspace(owner, names.workspace, 'UTC');
  await owner.goto(`/w/${ws}/docs`);
  await owner.getByLabel('Title of the new document').fill(names.doc);
  await owner.getByRole('button', { name: 'Create document' }).click();
  await expect(owner).toHaveURL(/\/docs\/[A-Za-z0-9_-]{16}$/);
  const docUrl = owner.url();

  const editor = newPerson(names.editor);
  const link = await inviteLink(owner, ws, 'editor');
  await joinWithNewAccount(member, link, editor);
  await member.goto(docUrl);
  const status = member.locator('.doc-page').getByTestId('sync-status');
  await expect(status).toHaveText('All changes saved');
  await expect(member.getByTestId('doc-editor')).toHaveAttribute('contenteditable', 'true');
  const close = async () => {
    await ownerContext.close();
    await memberContext.close();
  };
  return { owner, member, ws, editor, status, close };
}

test('removing a member closes their open rooms at once, not when their token expires', async ({
  browser,
}) => {
  const {
    owner,
    member,
    ws,
    editor: leaving,
    status,
    close,
  } = await editorWithOpenDocument(browser, {
    owner: 'Oona',
    editor: 'Max',
    workspace: 'Warehouse',
    doc: 'Shift plan',
  });

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

  await close();
});

test('making an editor a viewer turns their open document read-only at once', async ({
  browser,
}) => {
  const {
    owner,
    member,
    ws,
    editor: demoted,
    status,
    close,
  } = await editorWithOpenDocument(browser, {
    owner: 'Orla',
    editor: 'Dan',
    workspace: 'Pharmacy',
    doc: 'Stock list',
  });
  const text = member.getByTestId('doc-editor');

  await owner.goto(`/w/${ws}/members`);
  const row = owner.getByTestId(`member-${demoted.email}`);
  await row.getByLabel(`Role of ${demoted.name}`).selectOption('viewer');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(owner.getByText('Role changed.', { exact: true })).toBeVisible();

  // The relay made the page reconnect with a viewer token: no reload needed.
  await expect(text).toHaveAttribute('contenteditable', 'false');
  await expect(member.getByTestId('viewer-note')).toBeVisible();
  await expect(status).toHaveText('All changes saved');

  await close();
});

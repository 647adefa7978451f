import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
  ARTIFACTS,
  createWorkspace,
  inviteLink,
  joinWithNewAccount,
  newPerson,
  signUp,
  expectNoSidewaysScroll,
} from './helpers';

async function addDepartment(page: Page, name: string, inside?: string) {
  await page.getByLabel('Department name').fill(name);
  await page.getByLabel('Inside').selectOption({ label: inside ?? '(top level)' });
  await page.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByTestId(`dept-${name}`)).toBeVisible();
}

/** The count text of a department row, e.g. "2 people · 1 directly". */
function counts(page: Page, department: string) {
  return page.getByTestId(`dept-${department}`).locator('.meta');
}

test('the owner assigns people to departments and another member sees the counts live', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ownerContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const viewer = await viewerContext.newPage();
  await signUp(owner, newPerson('Pia'));
  const ws = await createWorkspace(owner, 'Clinic', 'Asia/Shanghai');
  const link = await inviteLink(owner, ws, 'viewer');
  await joinWithNewAccount(viewer, link, newPerson('Vic'));

  await owner.goto(`/w/${ws}/directory`);
  // Accounts that joined are people of the directory as soon as a writer opens the workspace
  // (so forms and missing lists count them under the id they fill in with).
  await expect(owner.getByTestId('person-Pia')).toBeVisible();
  await expect(owner.getByTestId('person-Vic')).toContainText('(no department)');
  await addDepartment(owner, 'Medicine');
  await addDepartment(owner, 'Ward 3', 'Medicine');
  await addDepartment(owner, 'Surgery');
  await owner
    .getByLabel('Paste CSV')
    .fill('name,department\nWang Fang,Intake\nLi Lei,Intake\nZhao Min,Intake\n');
  await owner.getByRole('button', { name: 'Check (dry run)' }).click();
  await owner.getByRole('button', { name: 'Import 3 people' }).click();
  await expect(counts(owner, 'Intake')).toHaveText('3 people');

  await viewer.goto(`/w/${ws}/directory`);
  await expect(counts(viewer, 'Intake')).toHaveText('3 people');

  // Pick a person from the searchable list, with the keyboard from the search box.
  await owner.getByLabel('Find a person').fill('wang');
  await expect(owner.getByTestId(/^person-/)).toHaveCount(1);
  await owner.getByLabel('Find a person').press('Tab');
  await expect(owner.getByLabel('Department of Wang Fang')).toBeFocused();
  await owner.getByLabel('Department of Wang Fang').selectOption({ label: 'Medicine/Ward 3' });
  await expect(owner.getByRole('status').filter({ hasText: 'Wang Fang is now in' })).toHaveText(
    'Wang Fang is now in Medicine/Ward 3.',
  );
  await expect(counts(viewer, 'Medicine')).toHaveText('1 person · 0 directly');
  await expect(counts(viewer, 'Ward 3')).toHaveText('1 person');
  await expect(counts(viewer, 'Intake')).toHaveText('2 people');

  // From a department: see its people and add one.
  await owner.getByRole('button', { name: 'People in Surgery' }).click();
  await expect(owner.getByTestId('dept-people-Surgery')).toContainText(
    'Nobody is in this department directly.',
  );
  await owner.getByLabel('Person to add to Surgery').selectOption({ label: 'Li Lei · Intake' });
  await owner.getByRole('button', { name: 'Add to department' }).click();
  await expect(owner.getByTestId('dept-people-Surgery')).toContainText('Li Lei');
  await expect(counts(viewer, 'Surgery')).toHaveText('1 person');
  await expect(counts(viewer, 'Intake')).toHaveText('1 person');

  // Move Wang Fang from Ward 3 to Surgery: both sides' counts follow on the other browser.
  await owner.getByLabel('Department of Wang Fang').selectOption({ label: 'Surgery' });
  await expect(owner.getByTestId('dept-people-Surgery')).toContainText('Wang Fang');
  await expect(counts(viewer, 'Surgery')).toHaveText('2 people');
  await expect(counts(viewer, 'Medicine')).toHaveText('0 people');
  await expect(counts(viewer, 'Ward 3')).toHaveText('0 people');

  // Clear a department: Li Lei is taken out of Surgery and has none.
  await owner.getByRole('button', { name: 'Take Li Lei out of Surgery' }).click();
  await expect(counts(viewer, 'Surgery')).toHaveText('1 person');
  await owner.getByLabel('Find a person').fill('');
  await expect(owner.getByLabel('Department of Li Lei')).toHaveValue('');

  // The viewer sees people and their departments, but no controls to change them.
  await expect(viewer.getByTestId('person-Li Lei')).toContainText('(no department)');
  await expect(viewer.getByTestId('person-Wang Fang')).toContainText('Surgery');
  await expect(viewer.getByLabel(/^Department of /)).toHaveCount(0);
  await viewer.getByRole('button', { name: 'People in Surgery' }).click();
  await expect(viewer.getByTestId('dept-people-Surgery')).toContainText('Wang Fang');
  await expect(viewer.getByRole('button', { name: /^Take .* out of/ })).toHaveCount(0);
  await expect(viewer.getByLabel('Person to add to Surgery')).toHaveCount(0);

  // A reload keeps every assignment (the relay stored them).
  await viewer.reload();
  await expect(counts(viewer, 'Surgery')).toHaveText('1 person');
  await expect(counts(viewer, 'Intake')).toHaveText('1 person');

  await owner.getByRole('button', { name: 'People in Medicine' }).click();
  await owner.screenshot({ path: join(ARTIFACTS, 'directory-people-desktop.png'), fullPage: true });
  await owner.setViewportSize({ width: 375, height: 812 });
  await expect(owner.getByLabel('Department of Wang Fang')).toBeVisible();
  await expectNoSidewaysScroll(owner);
  await owner.screenshot({ path: join(ARTIFACTS, 'directory-people-phone.png'), fullPage: true });

  await ownerContext.close();
  await viewerContext.close();
});

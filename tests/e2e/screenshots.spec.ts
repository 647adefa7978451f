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

for (const size of SCREEN_SIZES) {
  test(`main pages at ${size.name} width (${size.width}px) fit and are saved as screenshots`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      locale: 'en-US',
    });
    const page = await context.newPage();
    const shot = async (name: string) => {
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${size.name}.png`), fullPage: true });
    };

    await page.goto('/signin');
    await shot('signin');
    await page.goto('/signup');
    await shot('signup');

    const kim = newPerson('Kim');
    await signUp(page, kim);
    const ws = await createWorkspace(page, 'Harbour clinic', 'Europe/Berlin');
    await shot('workspace-overview');
    await page.goto(`/w/${ws}/directory`);
    for (const [name, inside] of [['Outpatients'], ['Pharmacy', 'Outpatients']] as const) {
      await page.getByLabel('Department name').fill(name);
      if (inside) await page.getByLabel('Inside').selectOption({ label: inside });
      await page.getByRole('button', { name: 'Add department' }).click();
      await expect(page.getByTestId(`dept-${name}`)).toBeVisible();
    }
    await expect(page.getByTestId('sync-status')).toHaveText('All changes saved');
    await shot('directory');
    await page.goto('/workspaces');
    await expect(page.getByRole('link', { name: 'Harbour clinic' })).toBeVisible();
    await shot('workspaces');

    await page.goto(`/w/${ws}/members`);
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByLabel('Invite link').inputValue();
    await shot('members');
    await page.goto('/account');
    await shot('account');

    const guest = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      locale: 'zh-CN',
    });
    const invitee = await guest.newPage();
    await invitee.goto(link);
    await expect(invitee.getByRole('heading', { name: '加入 Harbour clinic' })).toBeVisible();
    await expectNoSidewaysScroll(invitee);
    await invitee.screenshot({
      path: join(ARTIFACTS, `invite-zh-CN-${size.name}.png`),
      fullPage: true,
    });
    await guest.close();
    await context.close();
  });
}

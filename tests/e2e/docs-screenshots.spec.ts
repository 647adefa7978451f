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
  test(`documents, editor, settings and directory at ${size.name} width fit and are saved`, async ({
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

    await signUp(page, newPerson('Noor'));
    const ws = await createWorkspace(page, 'Harbour clinic', 'Europe/Berlin');
    for (const title of ['Visitor rules', 'Reopening plan for the outpatient wing']) {
      await page.goto(`/w/${ws}/docs`);
      await page.getByLabel('Title of the new document').fill(title);
      await page.getByRole('button', { name: 'Create document' }).click();
      await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    }
    await page.getByTestId('doc-editor').click();
    await page.keyboard.type('# Reopening\nFrom Monday the outpatient wing opens at 08:00. ');
    // Typing "@" moves to the member list; picking a name puts the mention in the text.
    await page.keyboard.type('@');
    await expect(page.getByLabel('Mention a member')).toBeFocused();
    await page.getByLabel('Mention a member').selectOption({ label: 'Noor' });
    await expect(page.getByTestId('doc-editor').locator('.muster-mention')).toHaveText(/Noor/);
    await page.keyboard.type('checks the rota.\n- masks at the door\none visitor per patient');
    await expect(page.locator('.doc-page').getByTestId('sync-status')).toHaveText(
      'All changes saved',
    );
    await shot('doc-editor');

    await page.goto(`/w/${ws}/docs`);
    await page.getByRole('button', { name: 'Delete: Visitor rules' }).click();
    await expect(page.getByTestId('deleted-doc-row')).toHaveCount(1);
    await shot('docs-list');

    await page.goto(`/w/${ws}/settings`);
    await expect(page.getByLabel('Workspace name')).toHaveValue('Harbour clinic');
    await shot('settings');

    await page.goto(`/w/${ws}/directory`);
    await page
      .getByLabel('Paste CSV')
      .fill('name,department\nAda,Clinic/Outpatients\nBo,Clinic/Pharmacy\n,Clinic\n');
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await expect(page.getByTestId('roster-error')).toHaveCount(1);
    await shot('directory-roster');
    await page
      .getByLabel('Paste CSV')
      .fill('name,department\nAda,Clinic/Outpatients\nBo,Clinic/Pharmacy\n');
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await page.getByRole('button', { name: 'Import 2 people' }).click();
    await expect(page.getByTestId('dept-Pharmacy')).toContainText('1 person');
    await shot('directory-tree');
    await context.close();
  });
}

test('in Chinese the documents page speaks Chinese and formats dates and counts the Chinese way', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  await page.goto('/signup');
  const who = newPerson('Wang');
  await page.getByLabel('你的姓名').fill(who.name);
  await page.getByLabel('邮箱').fill(who.email);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '创建账户' }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.getByLabel('工作区名称').fill('市第一医院');
  await page.getByLabel('时区').selectOption('Asia/Shanghai');
  await page.getByRole('button', { name: '创建工作区' }).click();
  await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]{16}$/);
  await page.getByRole('link', { name: '文档' }).click();
  await page.getByLabel('新文档的标题').fill('复工方案');
  await page.getByRole('button', { name: '创建文档' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '复工方案' })).toBeVisible();
  await page.getByRole('link', { name: '全部文档' }).click();
  await expect(page.getByText('1 篇文档')).toBeVisible();
  // zh-CN dates read "2026年11月21日 22:18", not "Nov 21, 2026".
  await expect(page.getByTestId('doc-row')).toContainText(/更新于 \d{4}年\d{1,2}月\d{1,2}日/);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: join(ARTIFACTS, 'docs-list-zh-CN-phone.png'), fullPage: true });
  await context.close();
});

import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { seedDemo } from '../../apps/web/src/lib/dashboard/seed/demo';
import { dataDir, relayUrl } from './dashboard-kit';
import { ARTIFACTS, submitSignIn } from './helpers';

// The demo behind `pnpm start -- --demo`, made through the running relay, opened as a newcomer
// would: the check-in dashboard, the IT unit's work-log roll-up and the notice.
test.setTimeout(180_000);

test('the demo hospital shows a full dashboard, a work-log roll-up and a notice', async ({
  page,
}) => {
  const demo = await seedDemo({ dataDir: dataDir(), relayUrl: relayUrl(), secret: undefined });
  expect(demo.created).toBe(true);
  // A second run changes nothing and says how to sign in.
  expect(
    (await seedDemo({ dataDir: dataDir(), relayUrl: relayUrl(), secret: undefined })).created,
  ).toBe(false);

  await page.goto('/signin');
  await submitSignIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(/\/workspaces$/);

  await page.goto(`/w/${demo.workspace}/forms/${demo.forms.checkIn}/dashboard`);
  await expect(page.getByTestId('response-rate')).toHaveText(/%$/, { timeout: 60_000 });
  await expect(
    page.getByTestId('dept-市第一医院').getByTestId('dept-figures').first(),
  ).toContainText('/ 810');
  await expect(page.getByTestId('question-card')).toHaveCount(5);
  await page.screenshot({ path: join(ARTIFACTS, 'demo-dashboard.png'), fullPage: true });

  await page.goto(`/w/${demo.workspace}/logs`);
  await page.getByRole('link', { name: '信息科工作日志' }).click();
  const rollup = page.getByTestId('rollup');
  await expect(rollup).toBeVisible({ timeout: 60_000 });
  await expect(rollup.getByRole('columnheader', { name: '今日处理工单数 · sum' })).toBeVisible();
  await expect(page.getByTestId('week-entries')).not.toHaveText('0');
  await page.getByLabel('By person').check();
  await page.getByRole('combobox', { name: 'Person', exact: true }).selectOption({ index: 1 });
  const first = page.getByTestId('log-entry').first();
  await expect(first).toBeVisible();
  await first.getByPlaceholder('Add a comment').fill('Thanks — please share the plan for Friday.');
  await first.getByRole('button', { name: 'Comment' }).click();
  await expect(first).toContainText('Thanks — please share the plan for Friday.');
  await page.screenshot({ path: join(ARTIFACTS, 'work-log-rollup.png'), fullPage: true });

  await page.goto(`/w/${demo.workspace}/notices/${demo.forms.notice}`);
  await expect(page.getByTestId('ack-figures')).toContainText('of 810 acknowledged', {
    timeout: 60_000,
  });
  await page.screenshot({ path: join(ARTIFACTS, 'notice.png'), fullPage: true });
});

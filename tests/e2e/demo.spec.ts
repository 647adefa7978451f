import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { seedDemo } from '../../apps/web/src/lib/dashboard/seed/demo';
import { WorkspaceIndex } from '../../apps/web/node_modules/@muster/core/src/index';
import { addViewers, dataDir, openAs, relayUrl, userId } from './dashboard-kit';
import { ARTIFACTS, submitSignIn } from './helpers';

// The demo behind `pnpm start -- --demo`, made through the running relay, opened as a newcomer
// would: the check-in dashboard, the IT unit's work-log roll-up and the notice.
test.setTimeout(180_000);

test('the demo hospital shows a full dashboard, a work-log roll-up and a notice', async ({
  page,
  browser,
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
  await expect(page.getByTestId('read-figures')).toContainText('of 810 have read it');
  await page.screenshot({ path: join(ARTIFACTS, 'notice.png'), fullPage: true });

  // A new nurse joins a unit; when she opens the notice, the coordinator's page (not reloaded)
  // counts her as having read it, in the hospital and in her unit, though she has not acknowledged.
  const nurse = {
    name: 'E2E Reader',
    email: `reader-${Date.now()}@example.org`,
    password: 'reader-pass-2020',
  };
  const [nurseId] = await addViewers(demo.workspace, [nurse]);
  const owner = await userId(demo.email);
  const relay = await openAs(demo.workspace, `ws/${demo.workspace}/index`, owner, 'owner');
  let unit: string;
  try {
    const index = new WorkspaceIndex(relay.doc);
    const tree = index.orgTree();
    const leaf = [...tree.departments.keys()].find((d) => tree.children(d).length === 0) as string;
    unit = tree.departments.get(leaf)?.name as string;
    index.addMember({ id: nurseId, name: nurse.name, department: leaf, role: 'viewer' });
    await relay.stored();
  } finally {
    relay.destroy();
  }
  const figures = page.getByTestId('read-figures');
  await expect(figures).toContainText('of 811 have read it', { timeout: 60_000 });
  const unitRead = page.getByTestId(`read-${unit}`).getByTestId('dept-read');
  const before = Number((await figures.textContent())?.match(/^\s*(\d+) of/)?.[1]);
  const unitBefore = Number(await unitRead.textContent());
  expect(before).toBeLessThan(811);

  const reader = await (await browser.newContext()).newPage();
  await reader.goto('/signin');
  await submitSignIn(reader, nurse.email, nurse.password);
  await expect(reader).toHaveURL(/\/workspaces$/);
  await reader.goto(`/f/${demo.workspace}/${demo.forms.notice}`);
  await expect(reader.getByText('即日起，所有就诊人员', { exact: false })).toBeVisible({
    timeout: 60_000,
  });
  await expect(figures).toHaveText(`${before + 1} of 811 have read it`, { timeout: 60_000 });
  await expect(unitRead).toHaveText(String(unitBefore + 1));
  await expect(page.getByTestId('ack-figures')).toContainText('of 811 acknowledged');
  await reader.context().close();
});

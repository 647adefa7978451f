import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { addViewers, openAs, readXlsx, userId, writeDirectory } from './dashboard-kit';
import {
  ARTIFACTS,
  createWorkspace,
  newPerson,
  signUp,
  submitSignIn,
  type Person,
} from './helpers';

// A coordinator launches a daily health check-in for a department tree; 20 staff fill it in from
// their own browsers (5 of them offline first); the coordinator's dashboard follows without a
// reload, exports 20 rows, and a respondent cannot open a colleague's submission.
test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

const TREE = [
  { name: 'Hospital', parent: null },
  { name: 'Medicine', parent: 'Hospital' },
  { name: 'Ward A', parent: 'Medicine' },
  { name: 'Ward B', parent: 'Medicine' },
  { name: 'Surgery', parent: 'Hospital' },
];
// 20 respondents: 8 in Ward A, 6 in Ward B, 6 in Surgery; and 4 staff who never fill in.
const wardOf = (i: number) => (i < 8 ? 'Ward A' : i < 14 ? 'Ward B' : 'Surgery');
const ABSENT: [null, string, string][] = [
  [null, 'Absent Anna', 'Ward A'],
  [null, 'Absent Bo', 'Ward B'],
  [null, 'Absent Chen', 'Surgery'],
  [null, 'Absent Dai', 'Surgery'],
];
// Two fevers (flagged by the rule temperature ≥ 37.3), everyone else between 36.1 and 37.0.
const temperatureOf = (i: number) => (i === 3 || i === 15 ? 37.8 : 36.1 + (i % 10) / 10);

async function fillCheckIn(
  browser: Browser,
  ws: string,
  form: string,
  who: Person,
  i: number,
  offlineFirst: boolean,
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/signin');
    await submitSignIn(page, who.email, who.password);
    await expect(page).toHaveURL(/\/workspaces$/);
    await page.goto(`/f/${ws}/${form}`);
    const temp = page.getByLabel("Today's temperature");
    await expect(temp).toBeVisible({ timeout: 30_000 });
    if (offlineFirst) await context.setOffline(true);
    await temp.fill(String(temperatureOf(i)));
    await page
      .getByRole('group', { name: /Symptoms today/ })
      .getByLabel('None')
      .check();
    await page.getByLabel('Where are you now?').fill(`Wuhan, ward ${wardOf(i)}`);
    await page
      .getByRole('group', { name: /Contact with a confirmed/ })
      .getByLabel('No', { exact: true })
      .check();
    await page
      .getByRole('group', { name: /Working today/ })
      .getByLabel('On site')
      .check();
    await page.getByRole('button', { name: 'Submit' }).click();
    if (offlineFirst) {
      await expect(page.getByText('Saved on this device.')).toBeVisible();
      await context.setOffline(false);
    }
    await expect(page.getByText('Received', { exact: true })).toBeVisible({ timeout: 60_000 });
  } finally {
    await context.close();
  }
}

test('live dashboard: counts, response rate and missing list per department while 20 people fill in', async ({
  browser,
}) => {
  const coordinator = newPerson('Coordinator');
  const page = await browser.newPage();
  await signUp(page, coordinator);
  const ws = await createWorkspace(page, 'City hospital', 'Asia/Shanghai');
  const owner = await userId(coordinator.email);

  const staff = Array.from({ length: 20 }, (_, i) =>
    newPerson(`Staff${String(i).padStart(2, '0')}`),
  );
  const ids = await addViewers(ws, staff);
  await writeDirectory(ws, owner, TREE, [
    ...staff.map((p, i): [string, string, string] => [ids[i] as string, p.name, wardOf(i)]),
    ...ABSENT,
  ]);

  // The coordinator builds the check-in from the template for the whole hospital and publishes it.
  await page.goto(`/w/${ws}/forms`);
  await page.getByRole('button', { name: 'Create form' }).click();
  await expect(page).toHaveURL(/\/forms\/[A-Za-z0-9_-]{16}(\?|$)/);
  const form = new URL(page.url()).pathname.split('/')[4] as string;
  await page.getByRole('checkbox', { name: 'Hospital', exact: true }).check();
  await page.getByRole('button', { name: 'Publish form' }).click();
  await expect(page.getByText('Published', { exact: false }).first()).toBeVisible();

  // The dashboard stays open, never reloaded, while the answers arrive.
  await page.goto(`/w/${ws}/forms/${form}/dashboard`);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await expect(page.getByText('No submissions yet', { exact: false })).toBeVisible();

  // First five online respondents, then five offline-first, then the last ten; five at a time.
  const order = Array.from({ length: 20 }, (_, i) => i);
  for (let start = 0; start < 20; start += 5) {
    await Promise.all(
      order
        .slice(start, start + 5)
        .map((i) => fillCheckIn(browser, ws, form, staff[i] as Person, i, start === 5)),
    );
    if (start === 0) {
      await expect(page.getByTestId('responses')).toHaveText('5', { timeout: 60_000 });
    }
  }

  await expect(page.getByTestId('responses')).toHaveText('20', { timeout: 60_000 });
  await expect(page.getByTestId('response-rate')).toHaveText('83.3%');
  await expect(page.getByTestId('missing-total')).toHaveText('4');
  const figures = (dept: string) =>
    page.getByTestId(`dept-${dept}`).getByTestId('dept-figures').first();
  await expect(figures('Hospital')).toHaveText('20 / 24 · 83.3%');
  await expect(figures('Medicine')).toHaveText('14 / 16 · 87.5%');
  await expect(figures('Ward A')).toHaveText('8 / 9 · 88.9%');
  await expect(figures('Ward B')).toHaveText('6 / 7 · 85.7%');
  await expect(figures('Surgery')).toHaveText('6 / 8 · 75%');
  await page.getByTestId('dept-Surgery').locator('summary').first().click();
  await expect(page.getByTestId('dept-Surgery').getByTestId('missing-people').first()).toHaveText(
    /Absent Chen\s+Absent Dai/,
  );
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // A flag rule (temperature ≥ 37.3) lists the two fevers.
  await page.getByText('Edit flag rules').click();
  await page
    .getByRole('combobox', { name: 'Question', exact: true })
    .selectOption({ label: "Today's temperature" });
  await page.getByRole('textbox', { name: 'Value', exact: true }).fill('37.3');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('flagged-list').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('flagged-list')).toContainText('Staff03');
  await expect(page.getByTestId('flagged-list')).toContainText('Staff15');

  // One click reminds everyone missing and gives a copyable list.
  await page.getByTestId('remind-all').click();
  await expect(page.getByTestId('copy-list')).toHaveValue(/Absent Anna[\s\S]*Absent Dai/);

  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-375.png'), fullPage: true });
  // Nothing sticks out sideways at phone width (names the culprits if something does).
  const sideways = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect(sideways).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The XLSX export of the day holds the 20 submissions with their values.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export XLSX' }).click(),
  ]);
  const rows = await readXlsx(await download.path());
  expect(rows).toHaveLength(21);
  const header = (rows[0] as unknown[]).map(String);
  const nameCol = header.findIndex((h) => h.startsWith('填写人'));
  const tempCol = header.findIndex((h) => h.startsWith("Today's temperature"));
  expect(nameCol).toBeGreaterThanOrEqual(0);
  expect(tempCol).toBeGreaterThanOrEqual(0);
  const byName = new Map(rows.slice(1).map((r) => [String(r[nameCol]), r[tempCol]]));
  staff.forEach((p, i) => expect(byName.get(p.name)).toBe(temperatureOf(i)));

  // A respondent cannot open a colleague's submission room: the relay refuses it.
  await expect(
    openAs(ws, `ws/${ws}/sub/${form}/${ids[1]}`, ids[0] as string, 'viewer'),
  ).rejects.toThrow(/refused.*4403/);
  const own = await openAs(ws, `ws/${ws}/sub/${form}/${ids[0]}`, ids[0] as string, 'viewer');
  own.destroy();
});

test('one click reminds the missing; they see it when they next open the workspace', async ({
  browser,
}) => {
  const coordinator = newPerson('Lead');
  const page = await browser.newPage();
  await signUp(page, coordinator);
  const ws = await createWorkspace(page, 'Clinic', 'Asia/Shanghai');
  const owner = await userId(coordinator.email);
  const nurses = [newPerson('NurseA'), newPerson('NurseB')];
  const ids = await addViewers(ws, nurses);
  await writeDirectory(
    ws,
    owner,
    [{ name: 'Clinic', parent: null }],
    nurses.map((n, i): [string, string, string] => [ids[i] as string, n.name, 'Clinic']),
  );
  await page.goto(`/w/${ws}/forms`);
  await page.getByRole('button', { name: 'Create form' }).click();
  await expect(page).toHaveURL(/\/forms\/[A-Za-z0-9_-]{16}(\?|$)/);
  const form = new URL(page.url()).pathname.split('/')[4] as string;
  await page.getByRole('checkbox', { name: 'Clinic', exact: true }).check();
  await page.getByRole('button', { name: 'Publish form' }).click();
  await expect(page.getByText('Published', { exact: false }).first()).toBeVisible();

  // Before anyone answers, the dashboard already lists who is missing.
  await page.goto(`/w/${ws}/forms/${form}/dashboard`);
  await expect(page.getByText('No submissions yet', { exact: false })).toBeVisible();
  await expect(page.getByTestId('missing-total')).toHaveText('2');
  await page.getByTestId('remind-all').click();
  await expect(page.getByTestId('copy-list')).toHaveValue(
    /NurseA[\s\S]*NurseB|NurseB[\s\S]*NurseA/,
  );

  const nurse = await (await browser.newContext()).newPage();
  await nurse.goto('/signin');
  await submitSignIn(nurse, nurses[0]!.email, nurses[0]!.password);
  await nurse.goto(`/w/${ws}`);
  await expect(nurse.getByTestId('reminders')).toContainText('Daily health check-in');
  await fillOnce(nurse, ws, form);
  await expect(page.getByTestId('responses')).toHaveText('1', { timeout: 60_000 });
  await expect(page.getByTestId('missing-total')).toHaveText('1');
  await nurse.context().close();
});

async function fillOnce(page: Page, ws: string, form: string) {
  await page.goto(`/f/${ws}/${form}`);
  await page.getByLabel("Today's temperature").fill('36.5');
  await page
    .getByRole('group', { name: /Symptoms today/ })
    .getByLabel('None')
    .check();
  await page.getByLabel('Where are you now?').fill('Home');
  await page
    .getByRole('group', { name: /Contact with a confirmed/ })
    .getByLabel('No', { exact: true })
    .check();
  await page
    .getByRole('group', { name: /Working today/ })
    .getByLabel('On site')
    .check();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('Received', { exact: true })).toBeVisible({ timeout: 60_000 });
}

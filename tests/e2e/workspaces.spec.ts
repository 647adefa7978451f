import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, fillSignUp, newPerson, signUp } from './helpers';

/** Ask the web app for a relay token with this page's session. */
async function syncToken(page: Page, ws: string) {
  const response = await page.request.post('/api/sync-token', { data: { ws } });
  return { status: response.status(), body: response.ok() ? await response.json() : null };
}

/** Open a relay room from the browser; resolves with the close code, or 'synced' on first message. */
async function openRoom(page: Page, url: string, room: string, token: string) {
  return page.evaluate(
    ({ url, room, token }) =>
      new Promise<string>((done) => {
        const socket = new WebSocket(`${url}/${encodeURIComponent(room)}?token=${token}`);
        socket.binaryType = 'arraybuffer';
        socket.onmessage = () => {
          socket.close();
          done('synced');
        };
        socket.onclose = (event) => done(`closed ${event.code}`);
      }),
    { url, room, token },
  );
}

test('create a workspace, invite a second person who joins with the invite role, change and remove them', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const guestContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const guest = await guestContext.newPage();
  const olga = newPerson('Olga');
  const gus = newPerson('Gus');

  await signUp(owner, olga);
  const ws = await createWorkspace(owner, 'Ward 3 night shift', 'Asia/Shanghai');
  await expect(owner.getByText('Asia/Shanghai')).toBeVisible();
  await expect(owner.getByText('1 member', { exact: true })).toBeVisible();

  await owner.getByRole('link', { name: 'Members' }).click();
  await owner.getByLabel('Role for people who join').selectOption('viewer');
  await owner.getByLabel('Link valid for').selectOption('1');
  await owner.getByRole('button', { name: 'Create invite link' }).click();
  const linkBox = owner.getByLabel('Invite link');
  await expect(linkBox).toHaveValue(/\/invite\/[a-z2-7]{32}$/);
  const link = await linkBox.inputValue();
  await expect(owner.getByRole('button', { name: 'Revoke' })).toHaveCount(1);

  // The guest has no account yet: sign up from the invite, come back, join.
  await guest.goto(link);
  await expect(guest.getByRole('heading', { name: 'Join Ward 3 night shift' })).toBeVisible();
  await expect(guest.getByText('You are invited to join as Viewer.')).toBeVisible();
  await guest.getByRole('main').getByRole('link', { name: 'Sign up' }).click();
  await fillSignUp(guest, gus);
  await expect(guest).toHaveURL(link);
  await guest.getByRole('button', { name: 'Join workspace' }).click();
  await expect(guest).toHaveURL(new RegExp(`/w/${ws}$`));
  await expect(guest.getByRole('definition').filter({ hasText: 'Viewer' })).toBeVisible();
  // Viewers see the member list but not the owner's controls.
  await guest.getByRole('link', { name: 'Members' }).click();
  await expect(guest.getByRole('button', { name: 'Change role' })).toHaveCount(0);
  await expect(guest.getByRole('button', { name: 'Create invite link' })).toHaveCount(0);

  // The relay token carries the membership's role.
  const asViewer = await syncToken(guest, ws);
  expect(asViewer.status).toBe(200);
  expect(asViewer.body.role).toBe('viewer');

  // The owner makes the guest an editor.
  await owner.reload();
  const row = owner.getByTestId(`member-${gus.email}`);
  await expect(row.getByRole('cell', { name: 'Viewer', exact: true })).toBeVisible();
  await row.getByLabel(`Role of ${gus.name}`).selectOption('editor');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(owner.getByText('Role changed.')).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Editor', exact: true })).toBeVisible();
  expect((await syncToken(guest, ws)).body.role).toBe('editor');

  // The last owner cannot step down.
  const ownRow = owner.getByTestId(`member-${olga.email}`);
  await ownRow.getByLabel(`Role of ${olga.name}`).selectOption('viewer');
  await ownRow.getByRole('button', { name: 'Change role' }).click();
  await expect(
    owner.getByText('A workspace needs at least one owner.', { exact: false }),
  ).toBeVisible();

  // Removal: the guest gets no more relay tokens and no more pages.
  owner.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(owner.getByText('Member removed.')).toBeVisible();
  await expect(owner.getByTestId(`member-${gus.email}`)).toHaveCount(0);
  expect((await syncToken(guest, ws)).status).toBe(404);
  const gone = await guest.goto(`/w/${ws}`);
  expect(gone?.status()).toBe(404);

  await ownerContext.close();
  await guestContext.close();
});

test('relay tokens need a session and a membership, and the relay accepts them', async ({
  page,
  playwright,
}) => {
  const ida = newPerson('Ida');
  await signUp(page, ida);
  const ws = await createWorkspace(page, 'Token checks', 'UTC');

  const minted = await syncToken(page, ws);
  expect(minted.status).toBe(200);
  expect(minted.body).toMatchObject({ role: 'owner', url: expect.stringMatching(/^ws:\/\//) });
  const [, payload] = (minted.body.token as string).split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  expect(claims).toMatchObject({ ws, role: 'owner', exp: minted.body.exp });
  expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);

  // The relay, started separately on the same data dir, verifies it: same secret.
  expect(await openRoom(page, minted.body.url, `ws/${ws}/index`, minted.body.token)).toBe('synced');
  const forged = `${minted.body.token.slice(0, -4)}AAAA`;
  expect(await openRoom(page, minted.body.url, `ws/${ws}/index`, forged)).toBe('closed 4401');

  // No session: 401. Not a member: 404. Junk: 400.
  const anonymous = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  expect((await anonymous.post('/api/sync-token', { data: { ws } })).status()).toBe(401);
  await anonymous.dispose();
  expect((await syncToken(page, 'AAAAAAAAAAAAAAAA')).status).toBe(404);
  expect((await syncToken(page, '../etc/passwd')).status).toBe(400);
});

test('a made-up invite link says so, and pages send security headers', async ({ page }) => {
  const response = await page.goto('/invite/abcdefghijklmnopqrstuvwxyz234567');
  // The token in the URL never leaves in a Referer; scripts run only from the app's origin.
  const headers = response?.headers() ?? {};
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(
    page.getByRole('heading', { name: 'This invite link cannot be used.' }),
  ).toBeVisible();
  await expect(page.getByText('This invite link is not valid. Ask for a new one.')).toBeVisible();
});

test('the language follows the browser and can be switched', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/signin');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();

  // Dates are formatted for the language: the workspace overview in Chinese.
  const jin = newPerson('Jin');
  await page.goto('/signup');
  await page.getByLabel('你的姓名').fill(jin.name);
  await page.getByLabel('邮箱').fill(jin.email);
  await page.getByLabel('密码').fill(jin.password);
  await page.getByRole('button', { name: '创建账户' }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.getByLabel('工作区名称').fill('街道办');
  await page.getByLabel('时区').selectOption('Asia/Shanghai');
  await page.getByRole('button', { name: '创建工作区' }).click();
  await expect(page.getByText('所有者')).toBeVisible();
  await expect(page.getByText(/\d{4}年\d{1,2}月\d{1,2}日/)).toBeVisible();
  await context.close();
});

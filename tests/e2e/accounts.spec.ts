import { expect, test } from '@playwright/test';
import { newPerson, signUp, submitSignIn } from './helpers';

test('sign up, sign out and sign in again', async ({ page }) => {
  const ann = newPerson('Ann');
  await signUp(page, ann);
  await expect(page.getByRole('heading', { name: 'Your workspaces' })).toBeVisible();

  const cookie = (await page.context().cookies()).find((c) => c.name === 'muster_session');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  // The session is gone on the server too: protected pages send us back to sign in.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount$/);

  await submitSignIn(page, ann.email.toUpperCase(), ann.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`Signed in as ${ann.name} (${ann.email})`)).toBeVisible();
});

test('sign-up shows field errors and keeps what was typed', async ({ page }) => {
  const bo = newPerson('Bo');
  await signUp(page, bo);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Bo again');
  await page.getByLabel('Email').fill(bo.email);
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(
    page.getByText('An account with this email already exists. Sign in instead.'),
  ).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Your name')).toHaveValue('Bo again');
});

test('a wrong password says so, and repeated failures lock the account with a clear message', async ({
  page,
}) => {
  const cy = newPerson('Cy');
  await signUp(page, cy);
  await page.getByRole('button', { name: 'Sign out' }).click();

  const wrong = page.getByText('Wrong email or password.');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, cy.email, `not-the-password-${attempt}`);
    await expect(wrong).toBeVisible();
  }
  // Even the right password is refused while the account is locked.
  await submitSignIn(page, cy.email, cy.password);
  await expect(
    page.getByText('Too many failed sign-in attempts for this account. Try again in 15 minutes.'),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test('changing the password signs out every other session', async ({ browser }) => {
  const dee = newPerson('Dee');
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const a = await laptop.newPage();
  const b = await phone.newPage();

  await signUp(a, dee);
  await b.goto('/signin');
  await submitSignIn(b, dee.email, dee.password);
  await expect(b).toHaveURL(/\/workspaces$/);

  await a.goto('/account');
  await a.getByLabel('Current password').fill(dee.password);
  await a.getByLabel('New password').fill('a brand new password');
  await a.getByRole('button', { name: 'Change password' }).click();
  await expect(a.getByText('Password changed. Other devices have been signed out.')).toBeVisible();

  // The other device is signed out…
  await b.goto('/account');
  await expect(b).toHaveURL(/\/signin\?next=%2Faccount$/);
  // …this one has a fresh session…
  await a.goto('/account');
  await expect(a).toHaveURL(/\/account$/);
  // …and only the new password works.
  await submitSignIn(b, dee.email, dee.password);
  await expect(b.getByText('Wrong email or password.')).toBeVisible();
  await submitSignIn(b, dee.email, 'a brand new password');
  await expect(b).toHaveURL(/\/account$/);

  await laptop.close();
  await phone.close();
});

test('a wrong current password is refused on the account page', async ({ page }) => {
  const eve = newPerson('Eve');
  await signUp(page, eve);
  await page.goto('/account');
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('another new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your current password is not right.')).toBeVisible();
});

test('the sign-in form works with the keyboard alone', async ({ page }) => {
  const fay = newPerson('Fay');
  await signUp(page, fay);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Email').focus();
  await page.keyboard.type(fay.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(fay.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/workspaces$/);
});

import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Screenshots go here (gitignored). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export interface Person {
  name: string;
  email: string;
  password: string;
}

let counter = 0;

/** A new person with a unique email, so tests never collide in the shared data dir. */
export function newPerson(name: string): Person {
  counter += 1;
  const tag = `${Date.now().toString(36)}${process.pid}${counter}`;
  return { name, email: `${name.toLowerCase()}.${tag}@example.org`, password: `pw-${tag}-secret` };
}

/** Fill and submit the sign-up form on the current page (already on /signup). */
export async function fillSignUp(page: Page, who: Person): Promise<void> {
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Create an account from scratch; ends on the workspace list. */
export async function signUp(page: Page, who: Person): Promise<void> {
  await page.goto('/signup');
  await fillSignUp(page, who);
  await expect(page).toHaveURL(/\/workspaces$/);
}

/** Submit the sign-in form and wait for the server's answer. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/signin')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Create a workspace; ends on its overview page and returns its id. */
export async function createWorkspace(page: Page, name: string, timeZone: string): Promise<string> {
  await page.goto('/workspaces');
  await page.getByLabel('Workspace name').fill(name);
  await page.getByLabel('Time zone').selectOption(timeZone);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]{16}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

/** As the owner on the members page, create an invite link with `role` and return it. */
export async function inviteLink(page: Page, ws: string, role: 'owner' | 'editor' | 'viewer') {
  await page.goto(`/w/${ws}/members`);
  await page.getByLabel('Role for people who join').selectOption(role);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const box = page.getByLabel('Invite link');
  await expect(box).toHaveValue(/\/invite\/[a-z2-7]{32}$/);
  return box.inputValue();
}

/** Sign up a new person and accept an invite link with them; ends on the workspace overview. */
export async function joinWithNewAccount(page: Page, link: string, who: Person): Promise<void> {
  await page.goto(link);
  await page.getByRole('main').getByRole('link', { name: 'Sign up' }).click();
  await fillSignUp(page, who);
  await expect(page).toHaveURL(link);
  await page.getByRole('button', { name: 'Join workspace' }).click();
  await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]{16}$/);
}

/** The widths every page is checked and photographed at. */
export const SCREEN_SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 812 },
] as const;

/** Nothing may be wider than the screen: the page itself never scrolls sideways on a phone. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * Wait until the service worker controls the page, so that the next reload is served (and the
 * page cached) by it. Installing precaches every built asset, which on a loaded CI machine once
 * took longer than 15 s; a failed install is tried again by the browser on the next navigation,
 * so after a first wait the page is reloaded once. Give the calling test 120 s.
 */
export async function untilServiceWorkerControls(page: Page): Promise<void> {
  const controlled = (timeout: number) =>
    page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout })
      .then(
        () => true,
        () => false,
      );
  if (await controlled(20_000)) return;
  await page.reload();
  if (!(await controlled(40_000))) {
    throw new Error('No service worker controls the page, 60 s and one reload after opening it.');
  }
}

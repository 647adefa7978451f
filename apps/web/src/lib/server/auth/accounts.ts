import { newId } from '@muster/core';
import type { Store, User } from '../db/store';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';

/** Longest email address accepted (RFC 5321's path limit). */
export const EMAIL_MAX = 254;
/** Longest display name accepted. */
export const NAME_MAX = 100;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field-level problems, as i18n message keys, keyed by form field. */
export type FieldErrors<F extends string> = Partial<Record<F, AccountProblem>>;

/** Every reason an account form is refused; each is an i18n key under `error.`. */
export const AccountProblem = {
  emailInvalid: 'error.emailInvalid',
  emailTaken: 'error.emailTaken',
  nameRequired: 'error.nameRequired',
  nameTooLong: 'error.nameTooLong',
  passwordTooShort: 'error.passwordTooShort',
  passwordTooLong: 'error.passwordTooLong',
  wrongCredentials: 'error.wrongCredentials',
  wrongCurrentPassword: 'error.wrongCurrentPassword',
  tooManyForAccount: 'error.tooManyForAccount',
  tooManyForIp: 'error.tooManyForIp',
} as const;
export type AccountProblem = (typeof AccountProblem)[keyof typeof AccountProblem];

/** Normalise an email address for lookup: trimmed and lower-cased. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

function emailProblem(email: string): AccountProblem | null {
  return email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)
    ? AccountProblem.emailInvalid
    : null;
}

function newPasswordProblem(password: string): AccountProblem | null {
  const p = passwordProblem(password);
  if (p === 'tooShort') return AccountProblem.passwordTooShort;
  if (p === 'tooLong') return AccountProblem.passwordTooLong;
  return null;
}

/** Sign-in limits: per account (email) and per client IP. */
export interface SignInLimits {
  account: FailureLimiter;
  ip: FailureLimiter;
}

/**
 * Defaults: 5 failed attempts per account and 100 per IP, each per 15 minutes. The per-IP limit is
 * high on purpose: a whole office (hundreds of staff) often signs in from one NAT address in the
 * same morning; guessing one account's password is stopped by the per-account limit.
 */
export function defaultSignInLimits(): SignInLimits {
  const windowMs = 15 * 60 * 1000;
  return {
    account: new FailureLimiter({ maxFailures: 5, windowMs }),
    ip: new FailureLimiter({ maxFailures: 100, windowMs }),
  };
}

export type AccountResult<F extends string> =
  { ok: true; user: User } | { ok: false; errors: FieldErrors<F>; retryAfterMs?: number };

/** Create an account. Validates every field and reports all problems at once. */
export async function signUp(
  store: Store,
  input: { email: string; name: string; password: string },
): Promise<AccountResult<'email' | 'name' | 'password'>> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const errors: FieldErrors<'email' | 'name' | 'password'> = {};
  const e = emailProblem(email);
  if (e) errors.email = e;
  if (name.length === 0) errors.name = AccountProblem.nameRequired;
  else if (name.length > NAME_MAX) errors.name = AccountProblem.nameTooLong;
  const p = newPasswordProblem(input.password);
  if (p) errors.password = p;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (await store.userByEmail(email)) {
    return { ok: false, errors: { email: AccountProblem.emailTaken } };
  }
  const user = { id: newId(), email, name };
  await store.createUser({ ...user, passwordHash: await hashPassword(input.password) });
  return { ok: true, user };
}

/**
 * Check an email and password, counting failures per account and per IP. While either limit is
 * reached the password is not even checked, and the answer says which limit and for how long.
 */
export async function signIn(
  store: Store,
  limits: SignInLimits,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<AccountResult<'form'>> {
  const email = normalizeEmail(input.email).slice(0, EMAIL_MAX + 1);
  const accountKey = `account:${email}`;
  const ipKey = `ip:${input.ip}`;
  for (const [limiter, key, problem] of [
    [limits.ip, ipKey, AccountProblem.tooManyForIp],
    [limits.account, accountKey, AccountProblem.tooManyForAccount],
  ] as const) {
    const verdict = limiter.check(key, now);
    if (!verdict.allowed) {
      return { ok: false, errors: { form: problem }, retryAfterMs: verdict.retryAfterMs };
    }
  }
  const user = await store.userByEmail(email);
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    limits.account.fail(accountKey, now);
    limits.ip.fail(ipKey, now);
    return { ok: false, errors: { form: AccountProblem.wrongCredentials } };
  }
  limits.account.reset(accountKey);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/**
 * Change a password after checking the current one. The caller must then end every session of the
 * person ({@link invalidateUserSessions}) and start a fresh one for this browser.
 */
export async function changePassword(
  store: Store,
  userId: string,
  input: { current: string; next: string },
): Promise<AccountResult<'current' | 'next'>> {
  const user = await store.userById(userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
    return { ok: false, errors: { current: AccountProblem.wrongCurrentPassword } };
  }
  const p = newPasswordProblem(input.next);
  if (p) return { ok: false, errors: { next: p } };
  await store.setPasswordHash(userId, await hashPassword(input.next));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

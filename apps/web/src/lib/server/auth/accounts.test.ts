import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../db/test-store';
import type { Store } from '../db/store';
import { AccountProblem, changePassword, signIn, signUp, type SignInLimits } from './accounts';
import { hashPassword, verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';

let store: Store;
let limits: SignInLimits;
const windowMs = 15 * 60_000;

beforeEach(async (context) => {
  store = await openTestStore(context);
  limits = {
    account: new FailureLimiter({ maxFailures: 3, windowMs }),
    ip: new FailureLimiter({ maxFailures: 5, windowMs }),
  };
});
afterEach(() => store.close());

const ann = { email: 'Ann@Example.org ', name: ' Ann ', password: 'correct horse' };

describe('passwords', () => {
  it('are hashed with Argon2id and verified', async () => {
    const hash = await hashPassword('s3cret-pass');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 's3cret-pass')).toBe(true);
    expect(await verifyPassword(hash, 's3cret-pasS')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('signUp', () => {
  it('creates an account with a normalised email and trimmed name', async () => {
    const result = await signUp(store, ann);
    expect(result.ok && result.user).toMatchObject({ email: 'ann@example.org', name: 'Ann' });
    const stored = await store.userByEmail('ann@example.org');
    expect(stored?.passwordHash).not.toContain('correct horse');
  });

  it('reports every bad field at once', async () => {
    const result = await signUp(store, { email: 'nope', name: '  ', password: 'short' });
    expect(result).toEqual({
      ok: false,
      errors: {
        email: AccountProblem.emailInvalid,
        name: AccountProblem.nameRequired,
        password: AccountProblem.passwordTooShort,
      },
    });
  });

  it('refuses an email that already has an account, whatever its case', async () => {
    await signUp(store, ann);
    const again = await signUp(store, { ...ann, email: 'ANN@example.org' });
    expect(again).toEqual({ ok: false, errors: { email: AccountProblem.emailTaken } });
  });

  it('refuses oversized input', async () => {
    const result = await signUp(store, {
      email: `${'a'.repeat(250)}@example.org`,
      name: 'n'.repeat(101),
      password: 'p'.repeat(257),
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual(['email', 'name', 'password']);
  });
});

describe('signIn', () => {
  beforeEach(async () => {
    await signUp(store, ann);
  });

  it('accepts the right password, any email case', async () => {
    const result = await signIn(store, limits, {
      email: 'ANN@example.org',
      password: ann.password,
      ip: '10.0.0.1',
    });
    expect(result.ok).toBe(true);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await signIn(store, limits, { email: ann.email, password: 'nope', ip: '1' });
    const unknown = await signIn(store, limits, { email: 'x@y.org', password: 'nope', ip: '1' });
    expect(wrong).toEqual({ ok: false, errors: { form: AccountProblem.wrongCredentials } });
    expect(unknown).toEqual(wrong);
  });

  it('locks the account after repeated failures, even from other IPs and with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      await signIn(store, limits, { email: ann.email, password: 'nope', ip: `10.0.0.${i}` });
    }
    const locked = await signIn(store, limits, {
      email: ann.email,
      password: ann.password,
      ip: '10.0.0.99',
    });
    expect(locked.ok).toBe(false);
    if (!locked.ok) {
      expect(locked.errors.form).toBe(AccountProblem.tooManyForAccount);
      expect(locked.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it('limits an IP across accounts', async () => {
    for (let i = 0; i < 5; i++) {
      await signIn(store, limits, { email: `u${i}@example.org`, password: 'nope', ip: '10.9.9.9' });
    }
    const blocked = await signIn(store, limits, {
      email: ann.email,
      password: ann.password,
      ip: '10.9.9.9',
    });
    expect(!blocked.ok && blocked.errors.form).toBe(AccountProblem.tooManyForIp);
    const elsewhere = await signIn(store, limits, {
      email: ann.email,
      password: ann.password,
      ip: '10.1.1.1',
    });
    expect(elsewhere.ok).toBe(true);
  });

  it('clears the account counter after a successful sign-in', async () => {
    for (let i = 0; i < 2; i++) {
      await signIn(store, limits, { email: ann.email, password: 'nope', ip: '1' });
    }
    expect((await signIn(store, limits, { ...ann, ip: '1' })).ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      await signIn(store, limits, { email: ann.email, password: 'nope', ip: '1' });
    }
    expect((await signIn(store, limits, { ...ann, ip: '1' })).ok).toBe(true);
  });
});

describe('changePassword', () => {
  it('needs the current password and a valid new one', async () => {
    const created = await signUp(store, ann);
    if (!created.ok) throw new Error('sign-up failed');
    const id = created.user.id;
    expect(await changePassword(store, id, { current: 'nope', next: 'new password' })).toEqual({
      ok: false,
      errors: { current: AccountProblem.wrongCurrentPassword },
    });
    expect(await changePassword(store, id, { current: ann.password, next: 'short' })).toEqual({
      ok: false,
      errors: { next: AccountProblem.passwordTooShort },
    });
    expect(
      (await changePassword(store, id, { current: ann.password, next: 'new password' })).ok,
    ).toBe(true);
    expect((await signIn(store, limits, { ...ann, ip: '1' })).ok).toBe(false);
    expect((await signIn(store, limits, { ...ann, password: 'new password', ip: '1' })).ok).toBe(
      true,
    );
  });
});

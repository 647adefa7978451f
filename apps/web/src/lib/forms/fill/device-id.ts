import { newId } from '@muster/core';

const KEY = 'muster:device';

/**
 * This device's anonymous respondent id for public links: random, made once and kept in
 * localStorage, so the same phone keeps filling the same submission room (and "same as
 * yesterday" works) without an account. Clearing site data starts a new identity.
 */
export function deviceId(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && /^[A-Za-z0-9_-]{16,32}$/.test(saved)) return saved;
  const id = newId();
  localStorage.setItem(KEY, id);
  return id;
}

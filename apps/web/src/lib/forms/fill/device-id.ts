import { newId } from '@muster/core';

const KEY = 'muster:device';

/**
 * This device's secret for public links: random, made once and kept in localStorage, so the same
 * phone keeps filling the same submission room (and "same as yesterday" works) without an
 * account. Clearing site data starts a new identity. The room is named after a hash of it
 * ({@link anonymousRespondentId}), so the secret itself never appears in a room name.
 */
export function deviceSecret(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && /^[A-Za-z0-9_-]{16,32}$/.test(saved)) return saved;
  const id = newId();
  localStorage.setItem(KEY, id);
  return id;
}

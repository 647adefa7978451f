import { page } from '$app/state';
import type { MessageKey } from './en';
import { fillParams, type Locale } from './locales';

/** The page's language, from the root layout's data. */
export function currentLocale(): Locale {
  return (page.data.locale as Locale | undefined) ?? 'en';
}

/**
 * Translate in a component. Reading `page.data` makes it reactive: a language switch re-renders.
 *
 * @example
 * <h1>{t('signIn.title')}</h1>
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  // The dictionary of the page's language comes with the root layout's data (see `catalogue`).
  const messages = page.data.messages as Readonly<Record<string, string>> | undefined;
  return fillParams(messages?.[key] ?? key, params);
}

/** A date (and time) formatted for the page's language. */
export function formatDate(value: Date | string, withTime = false): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(d);
}

/** A number formatted for the page's language. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value);
}

import { en, type MessageKey } from './en';
import { fillParams, type Locale } from './locales';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';

export { LOCALES, LOCALE_NAMES, fillParams } from './locales';
export type { Locale } from './locales';

/** Cookie that remembers the language someone picked. */
export const LOCALE_COOKIE = 'muster_locale';

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** True when `value` is one of {@link LOCALES}. */
export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/** True when `value` is a message key (for keys that come back from the server as data). */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(en, value);
}

/**
 * Pick the language: the remembered choice, else the first supported language in the browser's
 * `Accept-Language` (any `zh` variant maps to Simplified Chinese), else English.
 */
export function negotiateLocale(saved: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(saved)) return saved;
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.find((p) => p.trim().startsWith('q='));
      const q = qParam ? Number(qParam.trim().slice(2)) : 1;
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/**
 * The message `key` in `locale`, with `{param}` placeholders filled in.
 *
 * @example
 * translate('zh-CN', 'workspace.timeZone', { tz: 'Asia/Shanghai' }); // '时区：Asia/Shanghai'
 */
export function translate(
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  return fillParams(CATALOGUES[locale][key], params);
}

/**
 * Every message of `locale`. The root layout sends the page's language to the browser as data,
 * so pages do not each download both languages' dictionaries as JavaScript.
 */
export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return CATALOGUES[locale];
}

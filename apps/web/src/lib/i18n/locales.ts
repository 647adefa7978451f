// What every page needs from i18n without the dictionaries: the root layout and `t` import this
// module, so no page downloads the dictionaries as JavaScript (their messages come as data).

/** Languages the app speaks. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Names of the languages, each in its own language (for the switch). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** `template` with its `{param}` placeholders filled in (unknown ones are left as they are). */
export function fillParams(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

import { describe, expect, it } from 'vitest';
import { isMessageKey, negotiateLocale, translate } from './index';

describe('negotiateLocale', () => {
  it('keeps a saved choice', () => {
    expect(negotiateLocale('zh-CN', 'en-US')).toBe('zh-CN');
    expect(negotiateLocale('en', 'zh-CN')).toBe('en');
  });

  it('follows Accept-Language by quality, mapping any zh to Simplified Chinese', () => {
    expect(negotiateLocale(undefined, 'zh-TW,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'fr-FR, en;q=0.5, zh;q=0.7')).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'de, en-GB;q=0.8')).toBe('en');
  });

  it('falls back to English on missing or junk headers and bad cookies', () => {
    expect(negotiateLocale(undefined, null)).toBe('en');
    expect(negotiateLocale('klingon', ';;;q=x,')).toBe('en');
  });
});

describe('translate', () => {
  it('fills parameters in either language', () => {
    expect(translate('en', 'invites.daysOption', { count: 7 })).toBe('7 days');
    expect(translate('zh-CN', 'invites.daysOption', { count: 7 })).toBe('7 天');
  });

  it('recognises message keys sent back by the server', () => {
    expect(isMessageKey('error.wrongCredentials')).toBe(true);
    expect(isMessageKey('constructor')).toBe(false);
  });
});

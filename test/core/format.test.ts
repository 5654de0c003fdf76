import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatRemaining, formatTime, isoDuration, isoInstant, localeDigits } from '../../src/core/format';
import { getMessage } from '../fakes/i18n';

describe('formatRemaining', () => {
  it.each([
    [300, '5:00'],
    [299, '4:59'],
    [298.2, '4:59'],
    [0.4, '0:01'],
    [0, '0:00'],
    [-12, '0:00'],
    [59, '0:59'],
    [3599, '59:59'],
    [3600, '1 h 00 m'],
    [3720, '1 h 02 m'],
    [86_399, '23 h 59 m'],
    [86_400, '1 d 0 h'],
    [183_600, '2 d 3 h'],
    [1_209_600, '14 d 0 h'],
  ])('%f s -> %s', (seconds, text) => {
    expect(formatRemaining(seconds, getMessage, 'en-US')).toBe(text);
  });

  it('looks each message up once, then fills it in', () => {
    const calls: string[] = [];
    const t = (key: string, subs?: string | string[]) => {
      calls.push(key);
      return getMessage(key, subs);
    };
    expect([299, 298, 3720, 3660].map((s) => formatRemaining(s, t, 'en-US'))).toEqual(['4:59', '4:58', '1 h 02 m', '1 h 01 m']);
    expect(calls).toEqual(['durationMinSec', 'durationHoursMinutes']);
  });

  it('falls back to the catalogue when a translation reorders or drops a substitution', () => {
    const t = (key: string, subs?: string | string[]) => (key === 'durationMinSec' ? `${subs![1]}s ${subs![0]}m` : getMessage(key, subs));
    expect(formatRemaining(299, t, 'en-US')).toBe('59s 4m');
  });

  it('writes digits in the user locale', () => {
    expect(formatRemaining(299, getMessage, 'ar-EG')).toBe('٤:٥٩');
  });
});

describe('isoDuration', () => {
  it.each([
    [299, 'PT299S'],
    [298.4, 'PT299S'],
    [0, 'PT0S'],
    [-3, 'PT0S'],
    [90_000, 'PT90000S'],
  ])('%f -> %s', (s, iso) => {
    expect(isoDuration(s)).toBe(iso);
  });
});

describe('dates', () => {
  const moment = Date.UTC(2026, 10, 26, 14, 32, 5, 700);
  it('isoInstant drops the milliseconds', () => {
    expect(isoInstant(moment)).toBe('2026-11-26T14:32:05Z');
  });
  it('formats in the given locale and time zone', () => {
    expect(formatDateTime(moment, 'en-GB', 'UTC')).toBe('26 Nov 2026, 14:32:05');
    expect(formatTime(moment, 'en-GB', 'UTC')).toBe('14:32:05');
    expect(formatTime(moment, 'en-US', 'UTC')).toMatch(/^2:32:05\sPM$/);
  });
});

const LOCALES = [
  'en',
  'en-US',
  'en-GB',
  'de',
  'de-CH',
  'es',
  'es-419',
  'fr',
  'fr-CA',
  'it',
  'pt-BR',
  'nl',
  'sv',
  'pl',
  'ru',
  'uk',
  'tr',
  'he',
  'id',
  'vi',
  'ja',
  'zh-CN',
  'zh-TW',
  'ko',
  'hi',
  'en-IN',
  'th',
  'sw',
  'ar-MA',
  'ar-EG',
  'ar',
  'fa',
  'bn',
  'mr',
  'ne',
  'my',
  'ur',
  'pa-Arab',
  'uz-Arab',
  'en-u-nu-arab',
  'de-u-nu-deva',
];

describe('localeDigits', () => {
  const values = [0, 1, 5, 9, 10, 12, 59, 60, 99, 100, 1234, 86_399];
  // Every locale is checked against Intl itself: the plain path must write exactly what Intl would.
  it.each(LOCALES)('%s writes whole numbers as Intl does', (locale) => {
    const digits = localeDigits(locale);
    const plain = new Intl.NumberFormat(locale, { useGrouping: false });
    const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
    for (const n of values) {
      expect(digits.plain(n)).toBe(plain.format(n));
      expect(digits.two(n)).toBe(two.format(n));
    }
  });
});

describe('formatCount', () => {
  const values = [0, 1, 7, 42, 150, 999, 1000, 4500, 12_345, 1_234_567];
  // The plain path below 1,000 must write exactly what Intl would, grouping included above it.
  it.each(LOCALES)('%s writes counts as Intl does', (locale) => {
    const intl = new Intl.NumberFormat(locale);
    for (const n of values) expect(formatCount(n, locale)).toBe(intl.format(n));
  });
});

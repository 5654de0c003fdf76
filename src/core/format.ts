/**
 * Turning times into what people read. Words come from the message catalogue
 * through `t`; digits and dates from Intl in the user's locale.
 */

/** browser.i18n.getMessage, or a stand-in with the same contract. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

/** Whole numbers as a locale writes them: plain, and at least two digits. */
export interface Digits {
  plain: (n: number) => string;
  two: (n: number) => string;
}

/**
 * Languages and scripts whose numbers CLDR writes with other digits than
 * 0-9 by default. Every other locale writes whole numbers without grouping
 * exactly as String() does, so it needs no Intl.NumberFormat: creating one
 * costs a page several milliseconds the first time.
 */
const OWN_DIGITS = /^(ar|as|bn|ckb|dz|fa|ks|mni|mr|my|ne|ps|sat|sd|ur)\b|-(arab|aran|beng|deva|mymr|olck|tibt)\b|-u-/i;

const ascii: Digits = {
  plain: (n) => String(n),
  two: (n) => (n < 10 ? `0${n}` : String(n)),
};

const digitsByLocale = new Map<string, Digits>();
/** localeDigits('de').two(5) -> "05"; localeDigits('ar-EG').two(5) -> "٠٥" */
export function localeDigits(locale: string): Digits {
  let digits = digitsByLocale.get(locale);
  if (!digits) {
    if (OWN_DIGITS.test(locale)) {
      const plain = new Intl.NumberFormat(locale, { useGrouping: false });
      const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
      digits = { plain: (n) => plain.format(n), two: (n) => two.format(n) };
    } else {
      digits = ascii;
    }
    digitsByLocale.set(locale, digits);
  }
  return digits;
}

const counters = new Map<string, Intl.NumberFormat>();
/**
 * formatCount(150, 'en') -> "150"; formatCount(4500, 'de') -> "4.500".
 * No locale groups the digits of a number below 1,000, so for those a locale
 * written with 0-9 needs no Intl.NumberFormat (the popup counts hidden and
 * matched rows on its first paint); one per locale serves the rest.
 */
export function formatCount(n: number, locale: string): string {
  if (Number.isInteger(n) && n >= 0 && n < 1000 && localeDigits(locale) === ascii) return String(n);
  let format = counters.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    counters.set(locale, format);
  }
  return format.format(n);
}

/** wholeSeconds(299.2) -> 300: a countdown shows 0:00 only once the cookie has expired. */
export function wholeSeconds(seconds: number): number {
  return Math.max(0, Math.ceil(seconds));
}

const MARK_1 = '\u0001';
const MARK_2 = '\u0002';
const templates = new WeakMap<Translate, Map<string, readonly [string, string, string] | null>>();

/**
 * fill(t, 'durationMinSec', '4', '59') -> "4:59". Each message is looked up
 * once per catalogue and then filled by concatenation: the popup formats
 * every visible countdown every second.
 */
function fill(t: Translate, key: string, a: string, b: string): string {
  let byKey = templates.get(t);
  if (!byKey) templates.set(t, (byKey = new Map<string, readonly [string, string, string] | null>()));
  let parts = byKey.get(key);
  if (parts === undefined) {
    const text = t(key, [MARK_1, MARK_2]);
    const i = text.indexOf(MARK_1);
    const j = text.indexOf(MARK_2);
    parts = i !== -1 && j > i ? [text.slice(0, i), text.slice(i + 1, j), text.slice(j + 1)] : null;
    byKey.set(key, parts);
  }
  return parts ? parts[0] + a + parts[1] + b + parts[2] : t(key, [a, b]);
}

/**
 * A countdown for the Remaining column.
 * formatRemaining(299, t, 'en') -> "4:59"; (3720, ...) -> "1 h 02 m"; (183600, ...) -> "2 d 3 h"
 */
export function formatRemaining(seconds: number, t: Translate, locale: string): string {
  const total = wholeSeconds(seconds);
  const { plain, two } = localeDigits(locale);
  if (total < 3600) {
    return fill(t, 'durationMinSec', plain(Math.floor(total / 60)), two(total % 60));
  }
  if (total < 86_400) {
    return fill(t, 'durationHoursMinutes', plain(Math.floor(total / 3600)), two(Math.floor((total % 3600) / 60)));
  }
  return fill(t, 'durationDaysHours', plain(Math.floor(total / 86_400)), plain(Math.floor((total % 86_400) / 3600)));
}

/** isoDuration(298.4) -> "PT299S": the machine-readable twin of formatRemaining, for <time datetime>. */
export function isoDuration(seconds: number): string {
  return `PT${wholeSeconds(seconds)}S`;
}

/** isoInstant(Date.UTC(2026, 10, 26, 14, 32, 5, 700)) -> "2026-11-26T14:32:05Z" */
export function isoInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** formatDateTime(ms, 'en-US') -> "Nov 26, 2026, 2:32:05 PM" (the user's locale and time zone) */
export function formatDateTime(ms: number, locale: string, timeZone?: string): string {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
    dateTimeFormats.set(key, format);
  }
  return format.format(ms);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** formatTime(ms, 'en-GB') -> "14:32:05": when something happened today. */
export function formatTime(ms: number, locale: string, timeZone?: string): string {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
    timeFormats.set(key, format);
  }
  return format.format(ms);
}

/**
 * Turning times into what people read. Words come from the message catalogue
 * through `t`; digits and dates from Intl in the user's locale.
 */

/** browser.i18n.getMessage, or a stand-in with the same contract. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

const numberFormats = new Map<string, { plain: Intl.NumberFormat; two: Intl.NumberFormat }>();
function numbers(locale: string) {
  let formats = numberFormats.get(locale);
  if (!formats) {
    formats = {
      plain: new Intl.NumberFormat(locale, { useGrouping: false }),
      two: new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }),
    };
    numberFormats.set(locale, formats);
  }
  return formats;
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
  if (!byKey) templates.set(t, (byKey = new Map()));
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
  const { plain, two } = numbers(locale);
  if (total < 3600) {
    return fill(t, 'durationMinSec', plain.format(Math.floor(total / 60)), two.format(total % 60));
  }
  if (total < 86_400) {
    return fill(t, 'durationHoursMinutes', plain.format(Math.floor(total / 3600)), two.format(Math.floor((total % 3600) / 60)));
  }
  return fill(t, 'durationDaysHours', plain.format(Math.floor(total / 86_400)), plain.format(Math.floor((total % 86_400) / 3600)));
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

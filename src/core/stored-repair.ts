/**
 * What a check of one stored item found wrong and did about it. It names
 * the key, field names and types only, never a stored string: a string in
 * a broken item could be anything, a cookie value included.
 */
import * as v from 'valibot';

export interface StoredRepair {
  /** The storage key, e.g. "settings", "cookie:0|example.com|/|sid", "history:example.com". */
  key: string;
  /** What was wrong and what was done, e.g. "expected a list of events, got a string; removed". */
  what: string;
}

/** storedType('x') -> "a string"; storedType([]) -> "a list"; storedType(null) -> "null" */
export function storedType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a number that is not finite';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return typeof value;
  }
}

/** A field name plain enough to print; any other is only counted. */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,39}$/;

/** fieldList(['value', 'x<y>']) -> "value and 1 other" */
export function fieldList(names: readonly string[]): string {
  const plain = names.filter((n) => PLAIN_NAME.test(n));
  const others = names.length - plain.length;
  const parts = others > 0 ? [...plain, `${others} other${others === 1 ? '' : 's'}`] : plain;
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** The largest magnitude a Date can hold (ms): a time beyond it is garbage, and Intl would throw on it. */
const TIME_MAX = 8.64e15;

/** isStoredTime(Date.UTC(2026, 0, 1)) -> true; isStoredTime(NaN) -> false (Firefox's storage keeps NaN) */
export function isStoredTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= TIME_MAX;
}

/** A time as the stored shapes declare it: isStoredTime in one call, not a pipe of three. */
export const StoredTime = v.custom<number>(isStoredTime);

/**
 * The fields of `value` that `shape` declares, in the shape's order, those
 * it does not hold left out: what gets written is exactly the declared
 * fields. It never throws, so a write of a malformed value still happens
 * (as before; the read check skips it and the repair pass removes it).
 * declaredFields(v.object({a: v.number()}), {a: 1, b: 2}) -> {a: 1}
 */
export function declaredFields<S extends v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>>(
  shape: S,
  value: v.InferInput<S>,
): v.InferInput<S> {
  const out: Record<string, unknown> = {};
  const from = value as Record<string, unknown>;
  for (const field of Object.keys(shape.entries)) {
    if (Object.prototype.hasOwnProperty.call(from, field) && from[field] !== undefined) out[field] = from[field];
  }
  return out;
}

/** isMap({}) -> true; isMap([]) -> false; isMap(null) -> false */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The longest key a repair names; a record key carries a cookie name, which may be 4 KB. */
const KEY_MAX = 200;

/** repairKey('cookie:' + 'x'.repeat(5000)) -> the first 200 characters and "…" */
export function repairKey(key: string): string {
  return key.length > KEY_MAX ? `${key.slice(0, KEY_MAX)}…` : key;
}

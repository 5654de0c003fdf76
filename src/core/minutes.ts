/** Reading a typed number of minutes (a warning lead, an idle timeout) as the options page accepts it. */
import { IDLE_MINUTES_MAX, LEAD_MINUTES_MAX, LEAD_MINUTES_MIN } from './settings-defaults';

/** Why typed minutes were refused. Each code has a message `leadError_<code>` and `idleError_<code>` in _locales. */
export type MinutesError = 'not-a-number' | 'not-whole' | 'out-of-range';

export interface MinutesRule {
  min: number;
  max: number;
  /** An empty field reads as "none" (null) instead of being refused. */
  emptyIsNone?: boolean;
}

export type ParsedMinutes<V> = { ok: true; value: V } | { ok: false; error: MinutesError };

/** The global warning lead: always set. */
export const LEAD_MINUTES = { min: LEAD_MINUTES_MIN, max: LEAD_MINUTES_MAX } as const;
/** A domain's own warning lead: empty means it uses the global one. */
export const DOMAIN_LEAD_MINUTES = { ...LEAD_MINUTES, emptyIsNone: true } as const;
/** A site's server-side idle timeout: empty means it declares none. */
export const IDLE_MINUTES = { min: 1, max: IDLE_MINUTES_MAX, emptyIsNone: true } as const;

// Decimal notation only, as a number field accepts it: "0x10" and "Infinity" are not minutes.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * parseMinutes(" 5 ", LEAD_MINUTES) -> {ok: true, value: 5}; parseMinutes("2.5", LEAD_MINUTES) -> {ok: false, error: 'not-whole'}
 * parseMinutes("", IDLE_MINUTES) -> {ok: true, value: null}; parseMinutes("", LEAD_MINUTES) -> {ok: false, error: 'not-a-number'}
 */
export function parseMinutes(input: string, rule: MinutesRule & { emptyIsNone: true }): ParsedMinutes<number | null>;
export function parseMinutes(input: string, rule: MinutesRule & { emptyIsNone?: false }): ParsedMinutes<number>;
export function parseMinutes(input: string, rule: MinutesRule): ParsedMinutes<number | null>;
export function parseMinutes(input: string, rule: MinutesRule): ParsedMinutes<number | null> {
  const text = input.trim();
  if (text === '' && rule.emptyIsNone) return { ok: true, value: null };
  if (!NUMBER.test(text)) return { ok: false, error: 'not-a-number' };
  const value = Number(text);
  if (!Number.isInteger(value)) return { ok: false, error: 'not-whole' };
  if (value < rule.min || value > rule.max) return { ok: false, error: 'out-of-range' };
  return { ok: true, value };
}

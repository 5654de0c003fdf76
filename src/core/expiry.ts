import type { CookieInfo } from './types';

/**
 * When a cookie expires, in epoch ms; null for a browser-session cookie.
 * expiresAtOf({expirationDate: 1000.5, ...}) -> 1_000_500
 */
export function expiresAtOf(cookie: Pick<CookieInfo, 'expirationDate'>): number | null {
  const seconds = cookie.expirationDate;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

/**
 * The remaining expiry age in seconds: the browser-side twin of Django's
 * `request.session.get_expiry_age()`. Valid while > 0; `<= 0` is expired.
 * remainingSeconds(1_000_000, 700_000) -> 300; remainingSeconds(null, 5) -> null
 */
export function remainingSeconds(expiresAt: number | null, now: number): number | null {
  return expiresAt === null ? null : (expiresAt - now) / 1000;
}

/** isExpired(1_000, 1_000) -> true: a cookie is valid only while its remaining age is above zero. */
export function isExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt - now <= 0;
}

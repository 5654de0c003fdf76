import { isExpired } from './expiry';
import type { CookieRecord, Status } from './types';

type StatusInput = Pick<CookieRecord, 'expiresAt' | 'ended'>;

/**
 * What a row says about a cookie at `now`, warning `leadMs` before the end.
 * statusOf({expiresAt: 300_000, ended: null}, 0, 120_000) -> 'active'
 * statusOf({expiresAt: 300_000, ended: null}, 180_000, 120_000) -> 'expiring'
 */
export function statusOf(record: StatusInput, now: number, leadMs: number): Status {
  if (record.ended) return record.ended.cause === 'expired' ? 'expired' : 'logged-out';
  if (record.expiresAt === null) return 'browser-session';
  if (isExpired(record.expiresAt, now)) return 'expired';
  return record.expiresAt - now <= leadMs ? 'expiring' : 'active';
}

/**
 * When the cookie stopped being valid, or null while it still is.
 * endedAt({expiresAt: 300_000, ended: null}, 301_000) -> 300_000
 */
export function endedAt(record: StatusInput, now: number): number | null {
  if (record.ended) return record.ended.at;
  return isExpired(record.expiresAt, now) ? record.expiresAt : null;
}

/**
 * The next moment (ms) at which statusOf will answer differently, or null if never.
 * nextStatusChange({expiresAt: 300_000, ended: null}, 0, 120_000) -> 180_000
 */
export function nextStatusChange(record: StatusInput, now: number, leadMs: number): number | null {
  if (record.ended || record.expiresAt === null) return null;
  const warnAt = record.expiresAt - leadMs;
  // "Expiring" starts once remaining <= lead, i.e. at warnAt itself.
  if (now < warnAt) return warnAt;
  // "Expired" starts once remaining <= 0, i.e. at expiresAt itself.
  if (now < record.expiresAt) return record.expiresAt;
  return null;
}

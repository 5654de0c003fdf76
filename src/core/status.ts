import { isExpired } from './expiry';
import type { LivedEnd } from './lifetime';
import type { CookieRecord, Status } from './types';

/** A record as it lives (asLived): what ends it is its effective end, not only the cookie's expiry. */
type StatusInput = Pick<LivedEnd, 'endsAt'> & Pick<CookieRecord, 'ended'>;

/**
 * What a row says about a cookie at `now`, warning `leadMs` before the end.
 * statusOf({endsAt: 300_000, ended: null}, 0, 120_000) -> 'active'
 * statusOf({endsAt: 300_000, ended: null}, 180_000, 120_000) -> 'expiring'
 */
export function statusOf(record: StatusInput, now: number, leadMs: number): Status {
  if (record.ended) {
    const { cause } = record.ended;
    return cause === 'expired' ? 'expired' : cause === 'ended-by-server' ? 'ended-by-server' : 'logged-out';
  }
  if (record.endsAt === null) return 'browser-session';
  if (isExpired(record.endsAt, now)) return 'expired';
  return record.endsAt - now <= leadMs ? 'expiring' : 'active';
}

/**
 * When the session ended (its effective end passed, or an end was seen), or null while it still lives.
 * endedAt({endsAt: 300_000, ended: null}, 301_000) -> 300_000
 */
export function endedAt(record: StatusInput, now: number): number | null {
  if (record.ended) return record.ended.at;
  return isExpired(record.endsAt, now) ? record.endsAt : null;
}

/**
 * The next moment (ms) at which statusOf will answer differently, or null if never.
 * nextStatusChange({endsAt: 300_000, ended: null}, 0, 120_000) -> 180_000
 */
export function nextStatusChange(record: StatusInput, now: number, leadMs: number): number | null {
  if (record.ended || record.endsAt === null) return null;
  const warnAt = record.endsAt - leadMs;
  // "Expiring" starts once remaining <= lead, i.e. at warnAt itself.
  if (now < warnAt) return warnAt;
  // "Expired" starts once remaining <= 0, i.e. at endsAt itself.
  if (now < record.endsAt) return record.endsAt;
  return null;
}

/**
 * How cookie events and cookie-store reads turn into stored records. Both
 * browsers report the same things differently (docs/browser-behaviour.md#cookie-events,
 * measured and with the tests that prove it): a re-sent cookie is an "overwrite" removal then an add,
 * a logout is "expired_overwrite" in Chromium and "explicit" in Firefox, and
 * Firefox keeps handing back cookies whose expiry has passed.
 */
import { expiresAtOf, isExpired } from './expiry';
import { cookieMatches } from './matching';
import type { WatchedDomain } from './settings-defaults';
import type { ChangeCause, CookieInfo, CookieRecord, EndCause } from './types';

/**
 * cookieId({storeId: '0', domain: '.example.com', path: '/', name: 'sessionid'}) -> "0|.example.com|/|sessionid"
 * A partitioned cookie is a different cookie per top-level site: "...|sessionid|https://top.example".
 */
export function cookieId(c: Pick<CookieInfo, 'storeId' | 'domain' | 'path' | 'name' | 'partition'>): string {
  const base = `${c.storeId}|${c.domain}|${c.path}|${c.name}`;
  return c.partition ? `${base}|${c.partition}` : base;
}

/**
 * The record for a cookie the site has just set (or that a scan found):
 * a new one, or `prev` refreshed, keeping when it was first seen.
 */
export function recordFromCookie(cookie: CookieInfo, now: number, prev?: CookieRecord): CookieRecord {
  const expiresAt = expiresAtOf(cookie);
  const continues = prev !== undefined && prev.ended === null;
  const movedLater = continues && expiresAt !== null && prev.expiresAt !== null && expiresAt > prev.expiresAt;
  const record: CookieRecord = {
    id: cookieId(cookie),
    name: cookie.name,
    domain: cookie.domain,
    path: cookie.path,
    storeId: cookie.storeId,
    hostOnly: cookie.hostOnly,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    expiresAt,
    firstSeen: continues ? prev.firstSeen : now,
    lastRefreshed: now,
    ended: null,
    refreshes: (continues ? (prev.refreshes ?? 0) : 0) + (movedLater ? 1 : 0),
    grantMs: expiresAt === null ? null : Math.max(0, expiresAt - now),
    tokenExpiresAt: cookie.tokenExpiresAt ?? null,
  };
  if (cookie.partition) record.partition = cookie.partition;
  return record;
}

/** endCauseOf('expired_overwrite') -> 'logged-out'; endCauseOf('overwrite') -> null (a refresh follows) */
export function endCauseOf(cause: ChangeCause): EndCause | null {
  switch (cause) {
    case 'overwrite':
      return null;
    case 'expired':
      return 'expired';
    case 'evicted':
      return 'evicted';
    case 'explicit':
    case 'expired_overwrite':
      return 'logged-out';
  }
}

function ended(prev: CookieRecord, cause: EndCause, at: number): CookieRecord {
  return { ...prev, ended: { cause, at } };
}

/**
 * What one cookies.onChanged event means for the stored record: the record to
 * write, or null when nothing changes.
 * applyChange(undefined, {removed: false, cause: 'explicit', cookie}, now) -> a new record
 * applyChange(rec, {removed: true, cause: 'overwrite', cookie}, now) -> null (the add that follows refreshes it)
 * applyChange(rec ended 'missing' by a scan, {removed: true, cause: 'explicit', cookie}, now) -> rec ended 'logged-out' at now
 */
export function applyChange(
  prev: CookieRecord | undefined,
  change: { removed: boolean; cause: ChangeCause; cookie: CookieInfo },
  now: number,
): CookieRecord | null {
  if (!change.removed) {
    // A cookie set with an expiry already in the past is the site deleting it.
    if (isExpired(expiresAtOf(change.cookie), now)) {
      return prev && prev.ended === null ? ended(prev, 'logged-out', now) : null;
    }
    return recordFromCookie(change.cookie, now, prev);
  }
  const cause = endCauseOf(change.cause);
  if (cause === null || prev === undefined) return null;
  // A scan that ran between the removal and its event (events come in a later task) could only
  // call the cookie missing; the event says who removed it, and a logout gets its notice.
  if (prev.ended?.cause === 'missing' && cause !== 'expired') return ended(prev, cause, now);
  if (prev.ended !== null) return null;
  // An expiry noticed late still ended when the cookie said it would.
  const at = cause === 'expired' && prev.expiresAt !== null ? Math.min(prev.expiresAt, now) : now;
  return ended(prev, cause, at);
}

/**
 * Bring stored records in line with what the cookie stores hold now.
 * `cookies` is everything read from every store; `accessible` names the
 * watched domains the extension can read (the others keep their records
 * untouched, since their cookies are invisible, not gone).
 */
export function reconcile(
  records: readonly CookieRecord[],
  cookies: readonly CookieInfo[],
  watched: readonly WatchedDomain[],
  accessible: ReadonlySet<string>,
  now: number,
): { put: CookieRecord[]; remove: string[] } {
  const put: CookieRecord[] = [];
  const remove: string[] = [];
  const readable = watched.filter((w) => accessible.has(w.domain));
  const byId = new Map(records.map((r) => [r.id, r]));
  const live = new Set<string>();

  for (const cookie of cookies) {
    if (!readable.some((w) => cookieMatches(cookie, w))) continue;
    const id = cookieId(cookie);
    const prev = byId.get(id);
    const expiresAt = expiresAtOf(cookie);
    if (isExpired(expiresAt, now)) continue; // Firefox still returns it; handled as missing below.
    live.add(id);
    const sameToken = (prev?.tokenExpiresAt ?? null) === (cookie.tokenExpiresAt ?? null);
    // A session the server ended stays ended on a scan: the cookie it left behind is no new login (a new one comes as an event).
    if (prev?.ended?.cause === 'ended-by-server' && prev.expiresAt === expiresAt) continue;
    if (
      prev &&
      prev.ended === null &&
      prev.expiresAt === expiresAt &&
      prev.secure === cookie.secure &&
      prev.httpOnly === cookie.httpOnly &&
      prev.sameSite === cookie.sameSite &&
      sameToken
    ) {
      continue;
    }
    const next = recordFromCookie(cookie, now, prev);
    // A scan cannot tell when an unchanged cookie was set; keep what the last set told.
    if (prev && prev.ended === null && prev.expiresAt === expiresAt) {
      next.lastRefreshed = prev.lastRefreshed;
      next.grantMs = prev.grantMs ?? next.grantMs;
    }
    put.push(next);
  }

  for (const record of records) {
    if (!watched.some((w) => cookieMatches(record, w))) {
      remove.push(record.id);
      continue;
    }
    if (record.ended !== null || live.has(record.id)) continue;
    if (!readable.some((w) => cookieMatches(record, w))) continue;
    if (isExpired(record.expiresAt, now) && record.expiresAt !== null) {
      put.push(ended(record, 'expired', record.expiresAt));
    } else {
      put.push(ended(record, 'missing', now));
    }
  }
  return { put, remove };
}

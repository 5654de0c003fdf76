/**
 * How a session's life is decided, as far as the cookie shows it: fixed, or
 * sliding (each request pushes the expiry out by the same idle timeout), and
 * which of several deadlines ends it first.
 */
import type { WatchedDomain } from './settings-defaults';
import type { CookieRecord } from './types';

export type Lifetime =
  /** No expiry: lasts until the browser closes. */
  | { kind: 'browser-session' }
  /** The expiry has never moved since it was first seen. */
  | { kind: 'fixed' }
  /** Moved once: too little to call it sliding yet. */
  | { kind: 'refreshed' }
  /** Moved two or more times; each move granted `idleMs` from the moment it was set. */
  | { kind: 'sliding'; idleMs: number };

/**
 * lifetimeOf({expiresAt: 9, refreshes: 3, grantMs: 299_600}) -> {kind: 'sliding', idleMs: 300_000}
 */
export function lifetimeOf(record: Pick<CookieRecord, 'expiresAt' | 'refreshes' | 'grantMs'>): Lifetime {
  if (record.expiresAt === null) return { kind: 'browser-session' };
  const refreshes = record.refreshes ?? 0;
  if (refreshes === 0) return { kind: 'fixed' };
  if (refreshes === 1 || record.grantMs === null || record.grantMs === undefined) return { kind: 'refreshed' };
  // Max-Age is whole seconds; the time between the response and the event is not part of it.
  return { kind: 'sliding', idleMs: Math.round(record.grantMs / 1000) * 1000 };
}

export type EndSource = 'cookie' | 'idle' | 'token';

export interface EffectiveEnd {
  /** The earliest deadline (ms), or null when nothing ends it but closing the browser. */
  at: number | null;
  by: EndSource;
}

/**
 * The earliest of the cookie's expiry, the site's declared server-side idle
 * timeout counted from the last refresh seen, and the expiry of a JWT in the
 * value. effectiveEnd({expiresAt: 900, lastRefreshed: 0, tokenExpiresAt: 600}, {idleMinutes: null}) -> {at: 600, by: 'token'}
 */
export function effectiveEnd(
  record: Pick<CookieRecord, 'expiresAt' | 'lastRefreshed' | 'tokenExpiresAt'>,
  w: Pick<WatchedDomain, 'idleMinutes'> | undefined,
): EffectiveEnd {
  let end: EffectiveEnd = { at: record.expiresAt, by: 'cookie' };
  const consider = (at: number | null | undefined, by: EndSource) => {
    if (at === null || at === undefined) return;
    if (end.at === null || at < end.at) end = { at, by };
  };
  consider(w?.idleMinutes ? record.lastRefreshed + w.idleMinutes * 60_000 : null, 'idle');
  consider(record.tokenExpiresAt, 'token');
  return end;
}

/** When a session really ends (ms; null = when the browser closes) and what ends it. */
export interface LivedEnd {
  endsAt: number | null;
  endBy: EndSource;
}

/** A record as its session lives: the stored record (`expiresAt` still the cookie's own expiry) and its effective end. */
export type Lived<R extends CookieRecord = CookieRecord> = R & LivedEnd;

/**
 * The record with the moment its session really ends, so status, countdown,
 * warnings and badges all count to the same moment; what ends it is in `endBy`.
 * asLived({expiresAt: 3_600_000, tokenExpiresAt: 900_000, ...}, undefined) -> {..., endsAt: 900_000, endBy: 'token'}
 */
export function asLived<R extends CookieRecord>(record: R, w: Pick<WatchedDomain, 'idleMinutes'> | undefined): Lived<R> {
  const end = effectiveEnd(record, w);
  return { ...record, endsAt: end.at, endBy: end.by };
}

/**
 * How a session's life is decided, as far as the cookie shows it: fixed, or
 * sliding (each request pushes the expiry out by the same idle timeout), and
 * which of several deadlines ends it first.
 */
import type { ActivityLog } from './activity';
import { boundsKey, type IdleBoundsLog } from './idle-bounds';
import { serverEndAt, serverIdleOf, type ServerIdle } from './server-idle';
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

/** What the worker has seen of the servers: the activity per watched domain, and the idle timeouts learned. */
export interface ServerKnowledge {
  activity: Readonly<ActivityLog>;
  bounds: Readonly<IdleBoundsLog>;
}

export const NO_KNOWLEDGE: ServerKnowledge = { activity: {}, bounds: {} };

export interface EffectiveEnd {
  /** The earliest deadline (ms), or null when nothing ends it but closing the browser. */
  at: number | null;
  by: EndSource;
  /** For an end by idleness: the timeout counted to and where it comes from. */
  idle?: ServerIdle;
}

type EndRecord = Pick<CookieRecord, 'name' | 'expiresAt' | 'lastRefreshed' | 'tokenExpiresAt' | 'refreshes' | 'grantMs'>;
type EndDomain = Pick<WatchedDomain, 'domain' | 'idleMinutes'>;

/**
 * The server's idle timeout for a record (serverIdleOf), with when the
 * server last saw the browser on its site, or null when nothing says one.
 */
export function serverIdleFor(
  record: EndRecord,
  w: EndDomain | undefined,
  server: ServerKnowledge,
): { idle: ServerIdle; lastRequestAt: number | null } | null {
  if (!w) return null;
  const idle = serverIdleOf({
    declaredMinutes: w.idleMinutes,
    learned: server.bounds[boundsKey(w.domain, record.name)] ?? null,
    cookieName: record.name,
    // A browser-session cookie, or one the site keeps re-sending: its end depends on idleness.
    idleDependent: lifetimeOf(record).kind !== 'fixed',
  });
  return idle && { idle, lastRequestAt: server.activity[w.domain]?.lastRequestAt ?? null };
}

/**
 * The earliest of the cookie's expiry, the server's idle timeout counted
 * from the last time the server saw the browser (a request to the site or
 * the cookie's last refresh), and the expiry of a JWT in the value.
 * effectiveEnd({expiresAt: 900, lastRefreshed: 0, tokenExpiresAt: 600, ...}, {idleMinutes: null, ...}, NO_KNOWLEDGE) -> {at: 600, by: 'token'}
 */
export function effectiveEnd(record: EndRecord, w: EndDomain | undefined, server: ServerKnowledge): EffectiveEnd {
  let end: EffectiveEnd = { at: record.expiresAt, by: 'cookie' };
  const consider = (at: number | null | undefined, by: EndSource, idle?: ServerIdle) => {
    if (at === null || at === undefined) return;
    if (end.at === null || at < end.at) end = idle ? { at, by, idle } : { at, by };
  };
  const byServer = serverIdleFor(record, w, server);
  if (byServer) consider(serverEndAt(byServer.idle, byServer.lastRequestAt, record.lastRefreshed), 'idle', byServer.idle);
  consider(record.tokenExpiresAt, 'token');
  return end;
}

/** When a session really ends (ms; null = when the browser closes) and what ends it. */
export interface LivedEnd {
  endsAt: number | null;
  endBy: EndSource;
  /** For an end by idleness: the timeout counted to and where it comes from. */
  endIdle?: ServerIdle;
}

/** A record as its session lives: the stored record (`expiresAt` still the cookie's own expiry) and its effective end. */
export type Lived<R extends CookieRecord = CookieRecord> = R & LivedEnd;

/**
 * The record with the moment its session really ends, so status, countdown,
 * warnings and badges all count to the same moment; what ends it is in `endBy`.
 * asLived({expiresAt: 3_600_000, tokenExpiresAt: 900_000, ...}, undefined, NO_KNOWLEDGE) -> {..., endsAt: 900_000, endBy: 'token'}
 */
export function asLived<R extends CookieRecord>(record: R, w: EndDomain | undefined, server: ServerKnowledge): Lived<R> {
  const end = effectiveEnd(record, w, server);
  const lived: Lived<R> = { ...record, endsAt: end.at, endBy: end.by };
  if (end.idle) lived.endIdle = end.idle;
  return lived;
}

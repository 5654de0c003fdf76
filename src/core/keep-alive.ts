/**
 * Keep-alive: requesting a site's check URL shortly before its sliding
 * session would end from idleness, once per idle period, while the user is
 * at the computer, within a hard cap since the last real activity on the
 * site, and only while the last check said signed in. This file decides;
 * the worker sends, and keeps the state below in storage.session.
 */
import * as v from 'valibot';
import { lifetimeOf, type Lifetime, type Lived, type LivedEnd } from './lifetime';
import type { SiteCheck } from './server-check';
import type { WatchedDomain } from './settings-shape';
import { StoredTime } from './stored-repair';

export const STOP_REASONS = ['cap', 'signed-out'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** A site's keep-alive as the worker keeps it (storage.session, `keepAlive`). */
export const KeepAliveStateShape = v.object({
  /** When keep-alive last requested the check URL. */
  lastAt: v.nullable(StoredTime),
  /** The first keep-alive request since the last real activity: the cap counts from here when no activity is known. */
  firstAt: v.nullable(StoredTime),
  /** Why and when it stopped; it stays stopped until the next real activity on the site. */
  stopped: v.nullable(v.object({ at: StoredTime, reason: v.picklist(STOP_REASONS) })),
});
export type KeepAliveState = v.InferOutput<typeof KeepAliveStateShape>;

/** Watched domain -> its keep-alive state. */
export const KeepAliveLogShape = v.record(v.string(), KeepAliveStateShape);
export type KeepAliveLog = v.InferOutput<typeof KeepAliveLogShape>;

/** What the idle API says of the computer. */
export type SystemState = 'active' | 'idle' | 'locked';

/** The site's session keep-alive would keep: its effective end and how its life is decided. */
export interface KeptSession extends Pick<LivedEnd, 'endsAt' | 'endBy' | 'endIdle'> {
  lifetime: Lifetime;
}

export interface KeepAliveInput {
  now: number;
  w: Pick<WatchedDomain, 'checkUrl' | 'keepAlive'>;
  /** The site's live session that ends soonest, or null when it has none. */
  session: KeptSession | null;
  /** The last request the user's own browsing sent to the site (not a check), or null when none is known. */
  userAt: number | null;
  capMs: number;
  /** Null without the idle permission: nothing tells that the user is there, so nothing is sent. */
  system: SystemState | null;
  lastCheck: SiteCheck | null;
  state: KeepAliveState | null;
}

export type OffReason =
  /** The user has not turned it on for the site. */
  | 'switched-off'
  | 'no-check-url'
  /** No live session to keep. */
  | 'no-session'
  /** Its end does not move with activity (a fixed expiry, a token's): a request cannot help. */
  | 'fixed'
  /** A browser-session cookie whose idle timeout nothing says: there is no moment to request before. */
  | 'no-timeout';

export type KeepAlivePlan =
  | { kind: 'off'; reason: OffReason }
  /** The computer is idle or locked (or the idle permission is missing): nothing is sent until the user is back. */
  | { kind: 'paused'; reason: SystemState | 'no-permission' }
  /** Stopped at `at`; `fresh` when this plan is the one that stops it (the user is told once). */
  | { kind: 'stopped'; reason: StopReason; at: number; fresh: boolean }
  /** Request the check URL at `at` (now or later); `periodMs` is the idle period it renews. */
  | { kind: 'due'; at: number; periodMs: number };

/**
 * How long before the idle end the request goes: a quarter of the period,
 * at least 5 s (an alarm may fire a moment late) and at most 2 min.
 * marginMs(20_000) -> 5_000; marginMs(1_800_000) -> 120_000
 */
export function marginMs(periodMs: number): number {
  return Math.min(120_000, Math.max(5_000, Math.round(periodMs / 4)));
}

/** The idle period a request renews, or why keep-alive cannot help the session. */
function periodOf(session: Pick<KeptSession, 'endBy' | 'endIdle' | 'lifetime'>): number | OffReason {
  if (session.endBy === 'idle' && session.endIdle) return session.endIdle.ms;
  if (session.endBy === 'token') return 'fixed';
  if (session.lifetime.kind === 'sliding') return session.lifetime.idleMs;
  return session.lifetime.kind === 'browser-session' ? 'no-timeout' : 'fixed';
}

/**
 * Whether keep-alive can renew this session: true when its end moves with
 * activity, false when it is fixed (an expiry that never moved, a token's),
 * null when nothing says when it would end idle (a browser-session cookie
 * with no idle timeout known). The planner's own rule, for what pages say.
 * canKeepAlive({expiresAt: null, endsAt: null, endBy: 'cookie', ...}) -> null
 */
export function canKeepAlive(session: Lived): boolean | null {
  const period = periodOf({ ...session, lifetime: lifetimeOf(session) });
  return typeof period === 'number' ? true : period === 'fixed' ? false : null;
}

/**
 * Whether keep-alive is renewing this session, as far as a page can tell:
 * it is on for the site (which has a check URL), has not stopped, and the
 * session's end moves with activity. Such a session does not end soon, and
 * the worker holds back its warnings.
 * isKeptAlive({keepAlive: true, checkUrl: 'https://a.example/me'}, undefined, sliding session) -> true
 */
export function isKeptAlive(
  w: Pick<WatchedDomain, 'checkUrl' | 'keepAlive'> | undefined,
  state: KeepAliveState | undefined,
  session: Lived,
): boolean {
  return w?.keepAlive === true && w.checkUrl !== undefined && !state?.stopped && canKeepAlive(session) === true;
}

/**
 * The warning lead a session's status counts with on the pages: none while
 * keep-alive renews it, so its row reads "Active", not "Expiring soon", as
 * the banner and the worker's warnings say nothing of it; else `leadMs`.
 * statusLeadMs(keptSite, undefined, sliding session, 120_000) -> 0
 */
export function statusLeadMs(
  w: Pick<WatchedDomain, 'checkUrl' | 'keepAlive'> | undefined,
  state: KeepAliveState | undefined,
  session: Lived,
  leadMs: number,
): number {
  return isKeptAlive(w, state, session) ? 0 : leadMs;
}

/**
 * What keep-alive does for one site now.
 * keepAlivePlan({now: 0, w: {checkUrl: 'https://a.example/me', keepAlive: true},
 *   session: {endsAt: 20_000, endBy: 'idle', endIdle: {source: 'declared', ms: 20_000}, lifetime: {kind: 'browser-session'}},
 *   userAt: 0, capMs: 14_400_000, system: 'active', lastCheck: null, state: null})
 *   -> {kind: 'due', at: 15_000, periodMs: 20_000}
 */
export function keepAlivePlan(input: KeepAliveInput): KeepAlivePlan {
  const { now, w, session, userAt, capMs, system, lastCheck, state } = input;
  if (!w.keepAlive) return { kind: 'off', reason: 'switched-off' };
  if (!w.checkUrl) return { kind: 'off', reason: 'no-check-url' };
  if (session === null || session.endsAt === null) return { kind: 'off', reason: session === null ? 'no-session' : 'no-timeout' };
  const period = periodOf(session);
  if (typeof period !== 'number') return { kind: 'off', reason: period };

  // Real activity since a stop starts keep-alive afresh.
  const activeSince = (at: number) => userAt !== null && userAt > at;
  if (state?.stopped && !activeSince(state.stopped.at)) return { kind: 'stopped', ...state.stopped, fresh: false };
  if (lastCheck?.result === 'signed-out' && !activeSince(lastCheck.at)) {
    return { kind: 'stopped', reason: 'signed-out', at: lastCheck.at, fresh: true };
  }
  const firstAt = state?.firstAt !== null && state?.firstAt !== undefined && !activeSince(state.firstAt) ? state.firstAt : null;
  const capFrom = userAt ?? firstAt;
  if (capFrom !== null && now - capFrom >= capMs) return { kind: 'stopped', reason: 'cap', at: capFrom + capMs, fresh: true };

  if (system !== 'active') return { kind: 'paused', reason: system ?? 'no-permission' };
  const at = Math.max(session.endsAt - marginMs(period), (state?.lastAt ?? -Infinity) + period / 2, now);
  // The next request would come past the cap: the last one has gone, and the user is told now, a period ahead of the end.
  if (capFrom !== null && at >= capFrom + capMs) return { kind: 'stopped', reason: 'cap', at: now, fresh: true };
  return { kind: 'due', at, periodMs: period };
}

/**
 * The session keep-alive plans for among a site's live sessions: the one
 * that ends soonest (one without an end only when none has one), or null.
 * keptSession([ends at 9, ends at 5, no end]) -> the one ending at 5, with its lifetime
 */
export function keptSession(live: Iterable<Lived>): KeptSession | null {
  let best: Lived | null = null;
  for (const record of live) {
    if (best === null || (record.endsAt !== null && (best.endsAt === null || record.endsAt < best.endsAt))) best = record;
  }
  if (best === null) return null;
  const session: KeptSession = { endsAt: best.endsAt, endBy: best.endBy, lifetime: lifetimeOf(best) };
  if (best.endIdle) session.endIdle = best.endIdle;
  return session;
}

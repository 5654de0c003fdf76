/**
 * The requests the browser sends to a watched site, reduced to what tells
 * when the server last saw the user: the time of the last request, and the
 * idle gap before the current burst of requests. Nothing else of a request
 * (its URL, headers or body) is part of this state, which the worker keeps
 * in storage.session (in memory only; see record-shape.ts for how to add a
 * field to a stored shape).
 */
import * as v from 'valibot';
import { StoredTime } from './stored-repair';

/** A quiet spell at least this long before a request is an idle gap; shorter ones are a page loading its parts. */
export const IDLE_GAP_MIN_MS = 10_000;

/**
 * The last request time is written to storage at most this often per site
 * (the first request of a burst at once, the last one when the burst ends).
 * It is kept so that a stopped worker still knows it; a worker is only
 * stopped after 30 s without events, and the last request of every burst is
 * written, so what a woken worker reads is exact wherever an idle gap begins.
 */
export const ACTIVITY_WRITE_MS = 5_000;

export const BURST_KINDS = [
  /** A plain request (a page, a resource, a fetch): the user came back. */
  'return',
  /** A form submission (POST): a login rotates the session id, which is not the server ending it. */
  'form',
  /** A request to a logout-looking path: the user ending the session. */
  'logout',
] as const;
export type BurstKind = (typeof BURST_KINDS)[number];

export const SiteActivityShape = v.object({
  /** When the browser last sent a request to the site (ms). */
  lastRequestAt: StoredTime,
  /** When the current burst of requests began: the first request after an idle gap (ms). */
  burstAt: StoredTime,
  /** The idle gap before that burst (ms), or null when none was seen (the first request known). */
  gapMs: v.nullable(v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)),
  /** What began the burst; only a plain return can show the server ended a session while the user was away. */
  burstKind: v.picklist(BURST_KINDS),
  /** Whether an end of a session by the server was already seen in this burst. */
  ended: v.boolean(),
  /**
   * When the user's own browsing last sent the site a request (ms): the
   * extension's checks and keep-alives are requests the server sees, but
   * not the user's activity. Absent until one is seen.
   */
  userAt: v.optional(StoredTime),
});
export type SiteActivity = v.InferOutput<typeof SiteActivityShape>;

/** Watched domain -> its activity: the item `activity` in storage.session. */
export const ActivityLogShape = v.record(v.string(), SiteActivityShape);
export type ActivityLog = v.InferOutput<typeof ActivityLogShape>;

export interface RequestSeen {
  at: number;
  /** Sent by the extension itself (a check or a keep-alive), not by the user's browsing. */
  own?: boolean;
  method: string;
  /** The URL's path, read to classify the request and then dropped. */
  path: string;
}

const LOGOUT_SEGMENT = /^(log[-_]?out|log[-_]?off|sign[-_]?out|sign[-_]?off)(\.[a-z]+)?$/i;
const LOGIN_SEGMENT = /^(log[-_]?in|sign[-_]?in|auth|authenticate|sso)(\.[a-z]+)?$/i;

function segments(path: string): string[] {
  return (path.split(/[?#]/)[0] ?? '').split('/');
}

/** looksLikeLogout("/accounts/logout/") -> true; ("/blog/logout-tips") -> false */
export function looksLikeLogout(path: string): boolean {
  return segments(path).some((s) => LOGOUT_SEGMENT.test(s));
}

/** looksLikeLogin("/users/sign_in?next=/") -> true; ("/login-help") -> false */
export function looksLikeLogin(path: string): boolean {
  return segments(path).some((s) => LOGIN_SEGMENT.test(s));
}

function burstKindOf(request: RequestSeen): BurstKind {
  if (looksLikeLogout(request.path)) return 'logout';
  return request.method.toUpperCase() === 'POST' ? 'form' : 'return';
}

/**
 * The activity after one more request. A request after a quiet spell of at
 * least IDLE_GAP_MIN_MS starts a new burst and records the gap; a clock set
 * back (a request "before" the last one) starts none.
 * The user's last activity (`userAt`) moves with every request but the extension's own.
 * noteRequest({lastRequestAt: 0, burstAt: 0, gapMs: null, burstKind: 'return', ended: false}, {at: 25_000, method: 'GET', path: '/'})
 *   -> {lastRequestAt: 25_000, burstAt: 25_000, gapMs: 25_000, burstKind: 'return', ended: false, userAt: 25_000}
 */
export function noteRequest(prev: SiteActivity | null, request: RequestSeen): SiteActivity {
  const next = nextActivity(prev, request);
  if (request.own === true) return next;
  return { ...next, userAt: Math.max(prev?.userAt ?? request.at, request.at) };
}

function nextActivity(prev: SiteActivity | null, request: RequestSeen): SiteActivity {
  const { at } = request;
  // The user's last activity stays as it was: only their own requests move it (see noteRequest).
  const user = prev?.userAt === undefined ? {} : { userAt: prev.userAt };
  if (prev === null) return { lastRequestAt: at, burstAt: at, gapMs: null, burstKind: burstKindOf(request), ended: false };
  const quiet = at - prev.lastRequestAt;
  if (quiet >= IDLE_GAP_MIN_MS)
    return { lastRequestAt: at, burstAt: at, gapMs: quiet, burstKind: burstKindOf(request), ended: false, ...user };
  return { ...prev, lastRequestAt: Math.max(prev.lastRequestAt, at) };
}

/** Within how long after a burst began a sign of the server's end belongs to its first requests. */
export const BURST_WINDOW_MS = 5_000;

/**
 * The idle gap after which the server ended a session, when a sign of it
 * (a new session id, the cookie removed, a 401 or 440, a redirect to a login
 * page) arrives at `at`: only in the first moments of a burst that a plain
 * request began after an idle gap, and once per burst. Otherwise null: a
 * new id on a login form, or any sign while the user is active, is no
 * server end.
 * serverEndGap({burstAt: 25_000, gapMs: 25_000, burstKind: 'return', ended: false, ...}, 25_300) -> 25_000
 */
export function serverEndGap(activity: SiteActivity | null, at: number): number | null {
  if (activity === null || activity.gapMs === null || activity.burstKind !== 'return' || activity.ended) return null;
  if (at < activity.burstAt - 1_000 || at - activity.burstAt > BURST_WINDOW_MS) return null;
  return activity.gapMs;
}

/**
 * The gap the previous burst's session survived, once the next burst begins
 * without the server having ended it then; null when there is none to learn.
 * survivedGap({gapMs: 15_000, burstKind: 'return', ended: false, burstAt: 1, ...}, {burstAt: 40_000, ...}) -> 15_000
 */
export function survivedGap(prev: SiteActivity | null, next: SiteActivity): number | null {
  if (prev === null || next.burstAt === prev.burstAt) return null;
  // A login form or a logout begins or ends a session itself: the gap before it says nothing of the server's timeout.
  if (prev.gapMs === null || prev.ended || prev.burstKind !== 'return') return null;
  return prev.gapMs;
}

/** isSignedOutStatus(401) -> true: the server refused the session (440 is IIS's "login time-out"). */
export function isSignedOutStatus(status: number): boolean {
  return status === 401 || status === 440;
}

/**
 * Whether a change of the activity must be written now: the first request
 * known, the first of a burst, or the write interval has passed since the
 * last write. Otherwise a write is due at `writtenAt + ACTIVITY_WRITE_MS`.
 */
export function writeDue(prev: SiteActivity | null, next: SiteActivity, writtenAt: number | null): boolean {
  if (prev === null || writtenAt === null) return true;
  if (next.burstAt !== prev.burstAt) return true;
  return next.lastRequestAt - writtenAt >= ACTIVITY_WRITE_MS;
}

/**
 * What the servers of watched sites see of the user: when the browser last
 * sent each site a request, the idle gaps between bursts of requests, and
 * the moments a server answered the first request after a gap with a sign
 * that it had ended the session (401 or 440, a redirect to a login page).
 * Each gap is learned from: survived, or ended by the server.
 *
 * The hot path is every request the browser sends to a watched site: it
 * updates this worker's memory and nothing else. The times go to
 * storage.session at most once per ACTIVITY_WRITE_MS per site (the first
 * request of a burst at once, the last one when the burst ends), so a
 * stopped worker still knows them.
 */
import {
  ACTIVITY_WRITE_MS,
  isSignedOutStatus,
  looksLikeLogin,
  noteRequest,
  serverEndGap,
  survivedGap,
  writeDue,
  type ActivityLog,
  type SiteActivity,
} from '../core/activity';
import { boundsKey, learnGap, NO_BOUNDS, type IdleGap, type IdleBoundsLog } from '../core/idle-bounds';
import type { HistoryEvent } from '../core/history';
import type { ServerKnowledge } from '../core/lifetime';
import { siteFor } from '../core/matching';
import { isSiteSession } from '../core/sessions';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { readActivity, writeActivity } from '../platform/activity-store';
import { appendHistoryEvents } from '../platform/history-store';
import { readIdleBounds, updateIdleBounds } from '../platform/idle-bounds-store';
import { readRecords, writeRecords } from '../platform/records-store';
import type { RequestAnswered, RequestSent } from '../platform/web-requests';
import { updateHistory } from './history-log';
import type { KeyQueue } from './key-queue';
import type { WorkerDeps } from './worker-deps';

export interface ServerWatchDeps extends WorkerDeps {
  queue: KeyQueue;
  settings(): Promise<Settings>;
  /** Runs work nobody waits for: its failure is logged. */
  track(work: Promise<unknown>): void;
  /** The ends moved (a return from idleness) or a session ended: alarms, notices and badges follow. */
  reschedule(): void;
}

export interface ServerWatch {
  /** A request to a watched domain (the caller found which). */
  onRequest(domain: string, request: RequestSent): void;
  /** An answer from a watched domain. */
  onAnswer(domain: string, answer: RequestAnswered): void;
  /**
   * A session cookie of the domain got a new id, or was removed, at `at`: the
   * idle gap after which the server ended the session when this is the return
   * from one (and what the gap teaches is learned for these cookie names),
   * else null. Never waits on the worker's queue: the record changes call it.
   */
  endOnReturn(domain: string, at: number, names: readonly string[]): Promise<number | null>;
  /** The extension's request of `url` on the domain (a check), sent at `at`, got an answer: the server saw it then. */
  noteOwnRequest(domain: string, url: string, at: number): void;
  /** The site's check URL answered "signed out" at `at`: its live sessions are over, whatever their cookies say. */
  endByCheck(domain: string, at: number): void;
  /** The activity and the learned idle timeouts, for counting to each session's end. */
  knowledge(): Promise<ServerKnowledge>;
}

/** The key of the per-domain task that learns from what a burst showed. */
const LEARN_KEY = 'server|';

export function createServerWatch(deps: ServerWatchDeps): ServerWatch {
  // This worker's copy of storage.session's activity: null until read, then kept up to date by this worker alone.
  let activity: ActivityLog | null = null;
  let loading: Promise<ActivityLog> | null = null;
  // Events that arrived before the copy was read, in order.
  let waiting: (() => void)[] = [];
  // When each domain's activity was last written, and whether a write at the end of its interval is set.
  const writtenAt = new Map<string, number>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  // A session cookie's new id or removal heard of before the request that brought it, by domain.
  const pendingIds = new Map<string, { at: number; names: readonly string[] }>();

  const load = (): Promise<ActivityLog> => {
    loading ??= readActivity().then(
      (stored) => {
        activity = stored;
        const run = waiting;
        waiting = [];
        for (const handle of run) handle();
        return stored;
      },
      (e: unknown) => {
        loading = null;
        throw e;
      },
    );
    return loading;
  };

  /** Runs `handle` once the activity is known: at once on a warm worker, after the read on a cold one. */
  const withActivity = (handle: () => void): void => {
    if (activity !== null) handle();
    else {
      waiting.push(handle);
      deps.track(load());
    }
  };

  const write = (): void => {
    const log = activity;
    if (log === null) return;
    const now = deps.now();
    for (const domain of Object.keys(log)) writtenAt.set(domain, now);
    deps.track(writeActivity(log));
  };

  // The last request of a burst is written when the interval since the last write ends: the moment an idle gap begins.
  const flushLater = (domain: string, now: number): void => {
    if (flushTimer !== null) return;
    const since = now - (writtenAt.get(domain) ?? now);
    flushTimer = setTimeout(
      () => {
        flushTimer = null;
        write();
      },
      Math.max(0, ACTIVITY_WRITE_MS - since),
    );
  };

  const liveSessions = (records: readonly CookieRecord[], settings: Settings, domain: string): CookieRecord[] =>
    records.filter((r) => {
      if (r.ended !== null) return false;
      const w = siteFor(r, settings.domains);
      return w !== undefined && w.domain === domain && isSiteSession(r, w);
    });

  /** What one gap teaches the bounds of these sessions (cookie name, and when the session began). */
  const learnBounds = (
    domain: string,
    sessions: readonly Pick<CookieRecord, 'name' | 'firstSeen'>[],
    gapMs: number,
    outcome: IdleGap['outcome'],
  ) =>
    updateIdleBounds((log) => {
      let next: IdleBoundsLog = log;
      for (const r of sessions) {
        const key = boundsKey(domain, r.name);
        const before = log[key] ?? NO_BOUNDS;
        const after = learnGap(before, { gapMs, outcome, session: r.firstSeen });
        if (after !== before) next = { ...next, [key]: after };
      }
      return next;
    });

  /** The server ended these sessions at `at` (after `idleMs` of idleness, when known): their records and history say so. */
  const endRecords = async (domain: string, sessions: readonly CookieRecord[], at: number, idleMs: number | null): Promise<void> => {
    const ended = sessions.map((r) => ({
      ...r,
      ended: idleMs === null ? { cause: 'ended-by-server' as const, at } : { cause: 'ended-by-server' as const, at, idleMs },
    }));
    await writeRecords(ended);
    const events: HistoryEvent[] = ended.map((r) => {
      const event: HistoryEvent = { at, site: domain, kind: 'ended-by-server', name: r.name, storeId: r.storeId };
      return idleMs === null ? event : { ...event, idleMs };
    });
    await updateHistory(deps, () => appendHistoryEvents(events));
    deps.reschedule();
  };

  /**
   * Each session of the domain (of these cookie names, when given) that lived through the gap
   * ending at `gapEnd` teaches its bounds; an end by the server also ends its record. A session
   * begun at the return or after it (a login on return) saw no idleness.
   */
  const learn = (
    domain: string,
    gapEnd: number,
    gapMs: number,
    outcome: IdleGap['outcome'],
    at: number,
    names: readonly string[] | null = null,
  ): void => {
    deps.track(
      deps.queue.run(LEARN_KEY + domain, async () => {
        const settings = await deps.settings();
        const sessions = liveSessions(await readRecords(), settings, domain).filter(
          (r) => r.firstSeen < gapEnd && (names === null || names.includes(r.name)),
        );
        if (sessions.length === 0) return;
        await learnBounds(domain, sessions, gapMs, outcome);
        if (outcome === 'ended') await endRecords(domain, sessions, at, gapMs);
      }),
    );
  };

  const onRequest = (domain: string, request: RequestSent, at = deps.now()): void => {
    withActivity(() => {
      const log = activity as ActivityLog;
      const prev: SiteActivity | null = log[domain] ?? null;
      const next = noteRequest(prev, { at, own: request.own, method: request.method, path: request.path });
      log[domain] = next;
      const survived = survivedGap(prev, next);
      if (survived !== null && prev !== null) learn(domain, prev.burstAt, survived, 'survived', at);
      // A new session id that came before this request was heard of (Firefox delivers the cookie event first).
      const early = pendingIds.get(domain);
      if (early && next !== prev) {
        pendingIds.delete(domain);
        const gap = serverEndGap(next, early.at);
        if (gap !== null) {
          log[domain] = { ...next, ended: true };
          learn(domain, next.burstAt, gap, 'ended', early.at, early.names);
        }
      }
      if (writeDue(prev, next, writtenAt.get(domain) ?? null)) write();
      else flushLater(domain, at);
      // A return from idleness moves every end counted from the last request: the alarms follow.
      if (prev === null || next.burstAt !== prev.burstAt) deps.reschedule();
    });
  };

  return {
    onRequest: (domain, request) => onRequest(domain, request),

    onAnswer(domain, answer) {
      // A check's answer is decided by the check (checks.ts), with the user's login path, and ends the sessions itself.
      if (answer.own) return;
      const at = deps.now();
      const signedOut =
        isSignedOutStatus(answer.status) ||
        (answer.redirectPath !== null && answer.redirectPath !== '' && looksLikeLogin(answer.redirectPath));
      if (!signedOut) return;
      withActivity(() => {
        const log = activity as ActivityLog;
        const current = log[domain] ?? null;
        const gap = serverEndGap(current, at);
        if (current === null || gap === null) return;
        log[domain] = { ...current, ended: true };
        write();
        learn(domain, current.burstAt, gap, 'ended', at);
      });
    },

    async endOnReturn(domain, at, names) {
      const log = activity ?? (await load());
      const current = log[domain] ?? null;
      const gap = serverEndGap(current, at);
      if (current === null || gap === null) {
        // The request that brought it may not have been heard of yet: the next one decides (onRequest).
        pendingIds.set(domain, { at, names });
        return null;
      }
      log[domain] = { ...current, ended: true };
      write();
      // The records are the caller's; the bounds are learned beside them, not in the queue the caller holds.
      const gapEnd = current.burstAt;
      deps.track(
        readRecords().then((records) => {
          const sessions = records.filter((r) => names.includes(r.name) && r.firstSeen < gapEnd);
          return learnBounds(domain, sessions, gap, 'ended');
        }),
      );
      return gap;
    },

    noteOwnRequest(domain, url, at) {
      // webRequest reports it too (as `own`); noting it here as well keeps the clock right if a browser does not.
      // At its sending: a slow answer must not push the end past what the server counts from.
      onRequest(domain, { host: new URL(url).hostname, own: true, method: 'GET', path: new URL(url).pathname }, at);
    },

    endByCheck(domain, at) {
      // A check that was the first request after an idle gap saw the server end the session after that gap,
      // which teaches the bounds as any return does; the end itself is the check's, so it names no idle time.
      const current = activity?.[domain] ?? null;
      const gap = serverEndGap(current, at);
      if (current !== null && gap !== null) (activity as ActivityLog)[domain] = { ...current, ended: true };
      deps.track(
        deps.queue.run(LEARN_KEY + domain, async () => {
          const sessions = liveSessions(await readRecords(), await deps.settings(), domain);
          if (sessions.length === 0) return;
          if (current !== null && gap !== null) {
            await learnBounds(
              domain,
              sessions.filter((r) => r.firstSeen < current.burstAt),
              gap,
              'ended',
            );
          }
          await endRecords(domain, sessions, at, null);
        }),
      );
    },

    async knowledge() {
      const [log, bounds] = await Promise.all([activity ?? load(), readIdleBounds()]);
      return { activity: log, bounds };
    },
  };
}

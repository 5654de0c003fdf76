/**
 * Keep-alive in the worker: each rescheduling run plans every site that has
 * it on (core/keep-alive.ts), sends the requests that are due, gives the
 * alarms of the later ones, and says once, in a notification and the
 * history, when keep-alive stops for a site and when its session now ends.
 * Sites without keep-alive cost nothing here: no storage read, no idle query.
 */
import { formatTime, type Translate } from '../core/format';
import type { HistoryEvent } from '../core/history';
import { keepAlivePlan, keptSession, type KeepAliveLog, type KeepAlivePlan } from '../core/keep-alive';
import type { Lived, ServerKnowledge } from '../core/lifetime';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import { readChecks, readKeepAlive, writeKeepAlive } from '../platform/checks-store';
import { appendHistoryEvents } from '../platform/history-store';
import { systemState } from '../platform/idle';
import { showNotification } from '../platform/notifications';
import type { Checker } from './checks';
import { updateHistory } from './history-log';
import type { WorkerDeps } from './worker-deps';

/** The alarm of a site's next keep-alive request. */
export const KEEP_ALIVE_ALARM = 'keep|';

/** A live session of a watched site, as the rescheduling run counts it. */
export interface SiteSession {
  domain: string;
  record: Lived;
}

export interface KeepAliveDeps extends WorkerDeps {
  check: Checker;
  /** Runs work nobody waits for: its failure is logged. */
  track(work: Promise<unknown>): void;
  t: Translate;
  locale: string;
}

export interface KeepAliveRun {
  /** Alarm name -> when: the next request of each site kept alive. */
  alarms: Map<string, number>;
  /** The sites being kept alive: their "ending soon" notices would only be noise. */
  kept: Set<string>;
}

/** The notice that keep-alive stopped: why, and when the session now ends. */
function stopNotice(deps: KeepAliveDeps, w: WatchedDomain, plan: Extract<KeepAlivePlan, { kind: 'stopped' }>, endsAt: number | null) {
  const why = plan.reason === 'cap' ? deps.t('keepAliveStoppedCap') : deps.t('keepAliveStoppedSignedOut');
  const when = endsAt === null ? '' : ` ${deps.t('keepAliveStoppedEnds', formatTime(endsAt, deps.locale))}`;
  return { title: deps.t('keepAliveStoppedTitle', w.domain), message: `${why}${when}` };
}

/**
 * One pass over the sites with keep-alive on. Runs inside the rescheduling
 * run, alone in the worker's queue, so it reads and writes its state directly.
 */
export async function runKeepAlive(
  deps: KeepAliveDeps,
  settings: Settings,
  server: ServerKnowledge,
  sessions: readonly SiteSession[],
): Promise<KeepAliveRun> {
  const run: KeepAliveRun = { alarms: new Map(), kept: new Set() };
  const sites = settings.domains.filter((w) => w.keepAlive === true && w.checkUrl !== undefined);
  if (sites.length === 0) return run;
  const now = deps.now();
  const [checks, log, system] = await Promise.all([readChecks(), readKeepAlive(), systemState(settings.keepAliveIdleMinutes)]);
  const next: KeepAliveLog = { ...log };
  const events: HistoryEvent[] = [];
  for (const w of sites) {
    const session = keptSession(sessions.flatMap(({ domain, record }) => (domain === w.domain && record.ended === null ? [record] : [])));
    const state = log[w.domain] ?? null;
    const userAt = server.activity[w.domain]?.userAt ?? null;
    const plan = keepAlivePlan({
      now,
      w,
      session,
      userAt,
      capMs: settings.keepAliveCapMinutes * 60_000,
      system,
      lastCheck: checks[w.domain] ?? null,
      state,
    });
    if (plan.kind === 'due') {
      run.kept.add(w.domain);
      if (plan.at > now) {
        run.alarms.set(KEEP_ALIVE_ALARM + w.domain, plan.at);
        continue;
      }
      // The first request since the user's last activity starts the cap's count when that activity is unknown.
      const firstAt =
        state?.firstAt !== null && state?.firstAt !== undefined && (userAt === null || state.firstAt > userAt) ? state.firstAt : now;
      next[w.domain] = { lastAt: now, firstAt, stopped: null };
      // The check asks for a rescheduling when its answer is in; the next request is planned then.
      deps.track(deps.check(w.domain, 'keep-alive'));
    } else if (plan.kind === 'stopped' && plan.fresh) {
      next[w.domain] = { lastAt: state?.lastAt ?? null, firstAt: state?.firstAt ?? null, stopped: { at: plan.at, reason: plan.reason } };
      const endsAt = session?.endsAt ?? null;
      events.push({ at: now, site: w.domain, kind: 'keep-alive-stopped', name: '', storeId: '', reason: plan.reason, expiresAt: endsAt });
      deps.track(showNotification(`session-watch|keep-alive|${w.domain}`, stopNotice(deps, w, plan, endsAt)));
    }
  }
  if (JSON.stringify(next) !== JSON.stringify(log)) await writeKeepAlive(next);
  await updateHistory(deps, () => appendHistoryEvents(events));
  return run;
}

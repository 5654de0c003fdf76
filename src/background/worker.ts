/**
 * The worker's wiring: browser events in, records out. Everything is
 * registered synchronously when startWorker runs, because the browser only
 * delivers the event that woke a stopped worker to listeners added in its
 * first turn. https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
 */
import { errorText } from '../core/error-text';
import { hostIsWatched } from '../core/matching';
import { endCauseOf } from '../core/observe';
import { pageHost } from '../core/page-host';
import { onAlarm } from '../platform/alarms';
import { onCookieChanged, type CookieChange, type CookieScope } from '../platform/cookies';
import { appendHistoryEvents } from '../platform/history-store';
import { serve, type Handlers } from '../platform/messaging';
import { onNotificationClicked } from '../platform/notifications';
import { onSystemStateChanged, setIdleThreshold } from '../platform/idle';
import { onAccessChanged } from '../platform/permissions';
import { onInstalled, onStartup } from '../platform/runtime';
import { onSettingsChanged, readSettings } from '../platform/settings-store';
import { onContainersChanged } from '../platform/store-names';
import { onTabActivated, onTabNavigated, tabPage } from '../platform/tabs';
import { onRequestAnswered, onRequestSent } from '../platform/web-requests';
import { createBatcher, type Batcher } from './batcher';
import { createChecker } from './checks';
import { coalesced } from './coalesce';
import { createHandlers } from './handlers';
import { updateHistory } from './history-log';
import { createKeyQueue } from './key-queue';
import { openNoticeSite } from './notice-click';
import { rescan } from './rescan';
import { createServerWatch } from './server-watch';
import { reschedule } from './reschedule';
import { checkStorage } from './storage-check';
import { refreshStoreNames } from './store-names';
import { createWatchCache } from './watch-cache';
import { recordChanges, type SeenChange } from './watcher';
import type { WorkerDeps } from './worker-deps';

export interface Worker {
  /** Resolves once every piece of work started so far (and any it started) has settled. */
  idle(): Promise<void>;
  /** Removes every listener: the worker is stopped. */
  stop(): void;
}

/** The longest a burst of watched changes that never lets up puts off rescheduling (notices, badges). */
const RESCHEDULE_PUT_OFF_MAX_MS = 1_000;

/** Clearing ended rows changes what a site's badge shows. */
function withRescheduleAfterClear(handlers: Handlers, reschedule: () => void): Handlers {
  return {
    ...handlers,
    clearEnded: async (payload) => {
      const answer = await handlers.clearEnded(payload);
      if (answer.cleared > 0) reschedule();
      return answer;
    },
  };
}

export function startWorker(deps: WorkerDeps): Worker {
  const queue = createKeyQueue();
  const inflight = new Set<Promise<void>>();

  /** Event-driven work has nobody to report to: a failure is logged and the next event or scan repairs it. */
  const track = (work: Promise<unknown>): void => {
    const done = work.then(
      () => undefined,
      (e: unknown) => deps.warn(`Session Watch: ${errorText(e)}`),
    );
    inflight.add(done);
    // `done` never rejects; the second handler only satisfies the linter's rule for promises left running.
    done.then(
      () => inflight.delete(done),
      () => undefined,
    );
  };

  // A worker woken by a cookie event reads settings without scanning: broken ones are repaired then, alone.
  const cache = createWatchCache({ readSettings, corrupt: () => track(queue.exclusive(() => checkStorage(deps))) });
  const settings = async () => (await cache.load()).settings;
  const watched = async () => (await settings()).domains;
  // Install, startup and a settings change often come together: they share one scan.
  const queuedRescan = coalesced(queue, () => rescan({ ...deps, watched }));
  // Requests to watched sites: when each server last saw the user, and what it did after an idle gap.
  const server = createServerWatch({ ...deps, queue, settings, track, reschedule: () => track(queuedReschedule()) });
  const knowledge = () => server.knowledge();
  // The user's checks, the warning moment's and keep-alive's: one at a time per site.
  const check = createChecker({
    ...deps,
    queue,
    settings,
    endByCheck: (domain, at) => server.endByCheck(domain, at),
    noteOwnRequest: (domain, url, at) => server.noteOwnRequest(domain, url, at),
    reschedule: () => track(queuedReschedule()),
  });
  // Alarms, notices and badges follow every change of what they are planned from;
  // an alarm burst after sleep or a login setting several cookies asks for one run.
  const queuedReschedule = coalesced(queue, () => reschedule({ ...deps, settings, server: knowledge, check, track }));
  // Since when rescheduling has been put off while a burst of changes goes on, or null.
  let putOffSince: number | null = null;
  // Watched changes are applied a batch at a time (see batcher.ts), alone in the queue.
  const changes: Batcher<SeenChange> = createBatcher(queue, async (batch) => {
    try {
      const events = await recordChanges({ watched, endOnReturn: (domain, at, names) => server.endOnReturn(domain, at, names) }, batch);
      // A history that cannot be written is no reason to miss a record or a warning.
      await updateHistory(deps, () => appendHistoryEvents(events));
    } finally {
      // One rescheduling for a burst: a batch still to come asks for it once it is done,
      // unless the burst goes on so long that a notice would wait for it.
      const now = deps.now();
      if (changes.waiting() && (putOffSince === null || now - putOffSince < RESCHEDULE_PUT_OFF_MAX_MS)) {
        putOffSince ??= now;
      } else {
        putOffSince = null;
        track(queuedReschedule());
      }
    }
  });
  const refreshNames = () => refreshStoreNames(queue);
  // Whether this worker has read the stores since it started (see onChange).
  let caughtUp = false;
  const requestRescan = () => {
    caughtUp = true;
    const scanned = queuedRescan();
    track(scanned.then(queuedReschedule, queuedReschedule));
    track(refreshNames());
    return scanned;
  };
  /** A tab of a watched site came up: its badge, and the alarms that keep it right. */
  const rescheduleForPage = async (url: string) => {
    const host = pageHost(url);
    if (host !== null && hostIsWatched(host, (await settings()).domains)) await queuedReschedule();
  };

  // The hot path: every cookie change in the browser passes here. A warm
  // cache answers synchronously; a cold one (the worker just woke) answers
  // once the settings are loaded. Either way an unwatched cookie goes no
  // further: its value is never read.
  const wanted = (c: CookieScope): boolean | Promise<boolean> => {
    const state = cache.peek();
    if (state) return state.index.covers(c);
    const answer = cache.load().then((s) => s.index.covers(c));
    // Tracked before the adapter chains on it, so idle() still waits when the
    // answer lets the change through: onChange tracks it in the same turn.
    track(answer);
    return answer;
  };

  // The other hot path: every request the browser sends to a site the extension has access to.
  // Access is asked for per watched site, so these are the watched sites' requests (and their
  // parents'); the memory of the watched domains tells which is whose before anything else runs.
  const wantedHost = (host: string): boolean | Promise<boolean> => {
    const state = cache.peek();
    if (state) return state.domainOfHost(host) !== undefined;
    const answer = cache.load().then((s) => s.domainOfHost(host) !== undefined);
    track(answer);
    return answer;
  };
  const domainOfHost = (host: string): string | undefined => cache.peek()?.domainOfHost(host);

  // A worker stopped in the middle of a burst never hears the changes that
  // arrived while it was down. The first watched change after a start says
  // the site is active: read the stores once then, so nothing stays lost.
  // Unwatched changes never get here, so they still cost no storage access.
  const onChange = (change: CookieChange): void => {
    // Half of every re-sent cookie's events: the insert that follows carries
    // the change, so this one is worth no record read and no rescheduling.
    if (change.removed && endCauseOf(change.cause) === null) return;
    // The time it reached the worker, not the time its batch runs.
    const run = changes.add({ change, at: deps.now() });
    if (run) track(run);
    if (!caughtUp) track(requestRescan());
  };

  // The user's comings and goings pause and resume keep-alive. The idle API exists only once its
  // permission is granted (when keep-alive is turned on), so it is followed from then on.
  let stopIdle: (() => void) | null = null;
  const followIdle = (): void => {
    stopIdle ??= onSystemStateChanged(() => track(queuedReschedule()));
    if (stopIdle !== null) track(settings().then((s) => setIdleThreshold(s.keepAliveIdleMinutes)));
  };
  followIdle();

  const unsubscribe = [
    onCookieChanged(wanted, onChange),
    onRequestSent(wantedHost, (request) => {
      const domain = domainOfHost(request.host);
      if (domain !== undefined) server.onRequest(domain, request);
    }),
    onRequestAnswered(wantedHost, (answer) => {
      const domain = domainOfHost(answer.host);
      if (domain !== undefined) server.onAnswer(domain, answer);
    }),
    // Broken settings (from sync, say) are repaired and reported by the scan's storage check.
    onSettingsChanged((next) => {
      cache.update(next);
      followIdle();
      track(requestRescan());
    }),
    onAccessChanged(() => {
      followIdle();
      track(requestRescan());
    }),
    onContainersChanged(() => track(refreshNames())),
    onInstalled(() => track(requestRescan())),
    onStartup(() => track(requestRescan())),
    onAlarm(() => track(queuedReschedule())),
    onNotificationClicked((id) => track(openNoticeSite({ settings }, id))),
    onTabNavigated((tab) => track(rescheduleForPage(tab.url))),
    onTabActivated((tabId) => track(tabPage(tabId).then((page) => (page ? rescheduleForPage(page.url) : undefined)))),
    serve(
      withRescheduleAfterClear(createHandlers({ ...deps, queue, settings, rescan: requestRescan, server: knowledge, check }), () =>
        track(queuedReschedule()),
      ),
    ),
  ];

  return {
    async idle() {
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
    stop() {
      for (const off of unsubscribe) off();
      stopIdle?.();
    },
  };
}

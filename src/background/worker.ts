/**
 * The worker's wiring: browser events in, records out. Everything is
 * registered synchronously when startWorker runs, because the browser only
 * delivers the event that woke a stopped worker to listeners added in its
 * first turn. https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
 */
import { errorText } from '../core/error-text';
import type { Translate } from '../core/format';
import type { HistoryEvent } from '../core/history';
import { hostIsWatched } from '../core/matching';
import { endCauseOf } from '../core/observe';
import type { ValidatedSettings } from '../core/settings';
import type { Settings } from '../core/settings-defaults';
import type { CookieInfo, CookieRecord } from '../core/types';
import type { TabBadge } from '../platform/badge';
import type { CookieChange, CookieScope } from '../platform/cookies';
import type { Handlers } from '../platform/messaging';
import type { NotificationContent } from '../platform/notifications';
import type { StoreNames } from '../platform/store-names';
import type { TabPage } from '../platform/tabs';
import type { WarningLog } from '../platform/warnings-log';
import { createBatcher, type Batcher } from './batcher';
import { createHandlers } from './handlers';
import { createKeyQueue } from './key-queue';
import { openNoticeSite } from './notice-click';
import { pageHost } from '../core/page-host';
import { createRescanner } from './rescan';
import { checkStorage, type StorageCheckDeps } from './storage-check';
import { refreshStoreNames } from './store-names';
import { createWarner } from './warner';
import { createWatchCache } from './watch-cache';
import { recordChanges, type SeenChange } from './watcher';

/** Everything the worker needs from the browser, as plain functions (platform/ in the extension, fakes in tests). */
export interface WorkerDeps extends StorageCheckDeps {
  now(): number;
  warn(message: string): void;
  readSettings(): Promise<ValidatedSettings>;
  updateSettings(fn: (s: Settings) => Settings): Promise<Settings>;
  onSettingsChanged(cb: (s: Settings, errors: string[]) => void): () => void;
  readRecords(): Promise<CookieRecord[]>;
  readRecord(id: string): Promise<CookieRecord | undefined>;
  readRecordsOf(ids: readonly string[]): Promise<Map<string, CookieRecord>>;
  writeRecords(put: readonly CookieRecord[]): Promise<void>;
  removeRecords(ids: readonly string[]): Promise<void>;
  hasOrigins(origins: string[]): Promise<boolean>;
  onAccessChanged(cb: () => void): () => void;
  cookieStoreIds(): Promise<string[]>;
  cookiesOfSite(storeId: string, site: string): Promise<CookieInfo[]>;
  onCookieChanged(wanted: (c: CookieScope) => boolean | Promise<boolean>, cb: (change: CookieChange) => void): () => void;
  onInstalled(cb: () => void): () => void;
  onStartup(cb: () => void): () => void;
  serve(handlers: Handlers): () => void;
  t: Translate;
  locale(): string;
  readWarnings(): Promise<WarningLog>;
  writeWarnings(log: WarningLog): Promise<void>;
  scheduledAlarms(): Promise<Map<string, number>>;
  setAlarm(name: string, when: number): Promise<void>;
  clearAlarm(name: string): Promise<boolean>;
  onAlarm(cb: (name: string) => void): () => void;
  showNotification(id: string, content: NotificationContent): Promise<void>;
  clearNotification(id: string): Promise<void>;
  onNotificationClicked(cb: (id: string) => void): () => void;
  visibleTabs(): Promise<TabPage[]>;
  tabPage(tabId: number): Promise<TabPage | null>;
  focusTab(tab: Pick<TabPage, 'id' | 'windowId'>): Promise<void>;
  openTab(url: string): Promise<void>;
  onTabNavigated(cb: (tab: TabPage) => void): () => void;
  onTabActivated(cb: (tabId: number) => void): () => void;
  setTabBadge(tabId: number, badge: TabBadge): Promise<void>;
  appendHistoryEvents(events: readonly HistoryEvent[]): Promise<void>;
  trimHistory(): Promise<void>;
  containerNames(): Promise<StoreNames>;
  onContainersChanged(cb: () => void): () => void;
  readStoreNames(): Promise<StoreNames>;
  writeStoreNames(names: StoreNames): Promise<void>;
}

export interface Worker {
  /** Resolves once every piece of work started so far (and any it started) has settled. */
  idle(): Promise<void>;
  /** Removes every listener: the worker is stopped. */
  stop(): void;
}

/** The longest a burst of watched changes that never lets up puts off the planner (notices, badges). */
const PLAN_PUT_OFF_MAX_MS = 1_000;

/** Clearing ended rows changes what a site's badge shows. */
function withApplyAfterClear(handlers: Handlers, apply: () => void): Handlers {
  return {
    ...handlers,
    clearEnded: async (payload) => {
      const answer = await handlers.clearEnded(payload);
      if (answer.cleared > 0) apply();
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
    void done.then(() => inflight.delete(done));
  };

  const check = () => checkStorage(deps);
  // A worker woken by a cookie event reads settings without scanning: broken ones are repaired then, alone.
  const cache = createWatchCache({ readSettings: deps.readSettings, corrupt: () => track(queue.exclusive(check)) });
  const settings = async () => (await cache.load()).settings;
  const watched = async () => (await settings()).domains;
  const scan = createRescanner({ ...deps, queue, watched, checkStorage: check });
  // Alarms, notices and badges follow every change of what they are planned from.
  const apply = createWarner({ ...deps, queue, settings });
  // Since when the planner has been put off while a burst of changes goes on, or null.
  let putOffSince: number | null = null;
  // Watched changes are applied a batch at a time (see batcher.ts), alone in the queue.
  const changes: Batcher<SeenChange> = createBatcher(queue, async (batch) => {
    try {
      const events = await recordChanges({ ...deps, watched }, batch);
      try {
        await deps.appendHistoryEvents(events);
      } catch (e) {
        // A history that cannot be written is no reason to miss a record or a warning.
        deps.warn(`Session Watch: could not update the history: ${errorText(e)}`);
      }
    } finally {
      // One planner run for a burst: a batch still to come asks for it once it is done,
      // unless the burst goes on so long that a notice would wait for it.
      const now = deps.now();
      if (changes.waiting() && (putOffSince === null || now - putOffSince < PLAN_PUT_OFF_MAX_MS)) {
        putOffSince ??= now;
      } else {
        putOffSince = null;
        track(apply());
      }
    }
  });
  const refreshNames = () => refreshStoreNames({ ...deps, queue });
  // Whether this worker has read the stores since it started (see onChange).
  let caughtUp = false;
  const rescan = () => {
    caughtUp = true;
    const scanned = scan();
    track(scanned.then(apply, apply));
    track(refreshNames());
    return scanned;
  };
  /** A tab of a watched site came up: its badge, and the alarms that keep it right. */
  const applyForPage = async (url: string) => {
    const host = pageHost(url);
    if (host !== null && hostIsWatched(host, (await settings()).domains)) await apply();
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

  // A worker stopped in the middle of a burst never hears the changes that
  // arrived while it was down. The first watched change after a start says
  // the site is active: read the stores once then, so nothing stays lost.
  // Unwatched changes never get here, so they still cost no storage access.
  const onChange = (change: CookieChange): void => {
    // Half of every re-sent cookie's events: the insert that follows carries
    // the change, so this one is worth no record read and no warner run.
    if (change.removed && endCauseOf(change.cause) === null) return;
    // The time it reached the worker, not the time its batch runs.
    const run = changes.add({ change, at: deps.now() });
    if (run) track(run);
    if (!caughtUp) track(rescan());
  };

  const unsubscribe = [
    deps.onCookieChanged(wanted, onChange),
    // Broken settings (from sync, say) are repaired and reported by the scan's storage check.
    deps.onSettingsChanged((next) => {
      cache.update(next);
      track(rescan());
    }),
    deps.onAccessChanged(() => track(rescan())),
    deps.onContainersChanged(() => track(refreshNames())),
    deps.onInstalled(() => track(rescan())),
    deps.onStartup(() => track(rescan())),
    deps.onAlarm(() => track(apply())),
    deps.onNotificationClicked((id) => track(openNoticeSite({ ...deps, settings }, id))),
    deps.onTabNavigated((tab) => track(applyForPage(tab.url))),
    deps.onTabActivated((tabId) => track(deps.tabPage(tabId).then((page) => (page ? applyForPage(page.url) : undefined)))),
    deps.serve(withApplyAfterClear(createHandlers({ ...deps, queue, settings, rescan }), () => track(apply()))),
  ];

  return {
    async idle() {
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
    stop() {
      for (const off of unsubscribe) off();
    },
  };
}

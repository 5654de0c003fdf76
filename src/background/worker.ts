/**
 * The worker's wiring: browser events in, records out. Everything is
 * registered synchronously when startWorker runs, because the browser only
 * delivers the event that woke a stopped worker to listeners added in its
 * first turn. https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events
 */
import type { ValidatedSettings } from '../core/settings';
import type { Settings } from '../core/settings-defaults';
import type { CookieInfo, CookieRecord } from '../core/types';
import type { CookieChange, CookieScope } from '../platform/cookies';
import type { Handlers } from '../platform/messaging';
import { createHandlers } from './handlers';
import { createKeyQueue } from './key-queue';
import { createRescanner } from './rescan';
import { createWatchCache } from './watch-cache';
import { recordChange } from './watcher';

/** Everything the worker needs from the browser, as plain functions (platform/ in the extension, fakes in tests). */
export interface WorkerDeps {
  now(): number;
  warn(message: string): void;
  readSettings(): Promise<ValidatedSettings>;
  updateSettings(fn: (s: Settings) => Settings): Promise<Settings>;
  onSettingsChanged(cb: (s: Settings, errors: string[]) => void): () => void;
  readRecords(): Promise<CookieRecord[]>;
  readRecord(id: string): Promise<CookieRecord | undefined>;
  writeRecords(put: readonly CookieRecord[]): Promise<void>;
  removeRecords(ids: readonly string[]): Promise<void>;
  hasOrigins(origins: string[]): Promise<boolean>;
  onAccessChanged(cb: () => void): () => void;
  cookieStoreIds(): Promise<string[]>;
  cookiesOfSite(storeId: string, site: string): Promise<CookieInfo[]>;
  onCookieChanged(wanted: (c: CookieScope) => boolean, cb: (change: CookieChange) => void): () => void;
  onInstalled(cb: () => void): () => void;
  onStartup(cb: () => void): () => void;
  serve(handlers: Handlers): () => void;
}

export interface Worker {
  /** Resolves once every piece of work started so far (and any it started) has settled. */
  idle(): Promise<void>;
  /** Removes every listener: the worker is stopped. */
  stop(): void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function startWorker(deps: WorkerDeps): Worker {
  const queue = createKeyQueue();
  const cache = createWatchCache(deps);
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

  const watcherDeps = { ...deps, queue };
  const rescan = createRescanner({
    ...deps,
    queue,
    watched: async () => (await cache.load()).settings.domains,
  });

  // The hot path: every cookie change in the browser passes here. A warm
  // cache answers synchronously; a cold one (the worker just woke) lets the
  // event through to be checked once the settings are loaded.
  const wanted = (c: CookieScope): boolean => {
    const state = cache.peek();
    return state === undefined || state.index.covers(c);
  };

  const onChange = (change: CookieChange): void => {
    // The time the browser reported it, not the time the queue gets to it.
    const at = deps.now();
    if (cache.peek()) {
      track(recordChange(watcherDeps, change, at));
      return;
    }
    track(
      cache.load().then((state) => (state.index.covers(change.cookie) ? recordChange(watcherDeps, change, at) : undefined)),
    );
  };

  const unsubscribe = [
    deps.onCookieChanged(wanted, onChange),
    deps.onSettingsChanged((settings, errors) => {
      if (errors.length > 0) deps.warn(`Session Watch: stored settings were repaired: ${errors.join('; ')}`);
      cache.update(settings);
      track(rescan());
    }),
    deps.onAccessChanged(() => track(rescan())),
    deps.onInstalled(() => track(rescan())),
    deps.onStartup(() => track(rescan())),
    deps.serve(
      createHandlers({
        ...deps,
        queue,
        settings: async () => (await cache.load()).settings,
        rescan,
      }),
    ),
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

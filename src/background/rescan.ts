/**
 * Read every watched cookie in every cookie store and bring the records in
 * line: on install, on browser start, when settings or access change, and on
 * request. Cookie events can be missed (the browser was closed, the worker
 * was not listening), so a scan is the source of truth.
 */
import { errorText } from '../core/error-text';
import { historyOfChange, type HistoryEvent } from '../core/history';
import { siteFor } from '../core/matching';
import { cookieId, reconcile } from '../core/observe';
import { originsFor } from '../core/origins';
import { isSiteSession } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieInfo, CookieRecord } from '../core/types';
import type { KeyQueue } from './key-queue';

export interface RescanDeps {
  queue: KeyQueue;
  now(): number;
  warn(message: string): void;
  /** The watched domains as of now. */
  watched(): Promise<readonly WatchedDomain[]>;
  hasOrigins(origins: string[]): Promise<boolean>;
  cookieStoreIds(): Promise<string[]>;
  cookiesOfSite(storeId: string, site: string): Promise<CookieInfo[]>;
  readRecords(): Promise<CookieRecord[]>;
  writeRecords(put: readonly CookieRecord[]): Promise<void>;
  removeRecords(ids: readonly string[]): Promise<void>;
  appendHistoryEvents(events: readonly HistoryEvent[]): Promise<void>;
  /** Bounds the history across all sites (HISTORY_TOTAL). */
  trimHistory(): Promise<void>;
  /** Checks and repairs every stored key; never rejects. */
  checkStorage(): Promise<unknown>;
}

export interface RescanResult {
  /** Watched cookies present in the stores after the scan. */
  watched: number;
}

/** What a scan's writes mean for the history of each site's sessions: first sightings, refreshes, ends it found. */
function scanHistory(
  records: readonly CookieRecord[],
  put: readonly CookieRecord[],
  watched: readonly WatchedDomain[],
  now: number,
): HistoryEvent[] {
  const before = new Map(records.map((r) => [r.id, r]));
  return put.flatMap((next) => {
    const w = siteFor(next, watched);
    return w && isSiteSession(next, w) ? historyOfChange(before.get(next.id), next, 'scan', w.domain, now) : [];
  });
}

/** One full scan. Runs alone: cookie events that arrive meanwhile are applied after it. */
export async function rescan(deps: RescanDeps): Promise<RescanResult> {
  // First, so the scan reads repaired records and recreates the live ones a repair removed.
  await deps.checkStorage();
  const watched = await deps.watched();
  const access = await Promise.all(watched.map((w) => deps.hasOrigins(originsFor(w))));
  // Without access the browser hides a domain's cookies; its records stay as they are.
  const accessible = new Set(watched.filter((_, i) => access[i]).map((w) => w.domain));
  const sites = [...new Set(watched.filter((w) => accessible.has(w.domain)).map((w) => w.site))];

  const cookies = new Map<string, CookieInfo>();
  for (const storeId of await deps.cookieStoreIds()) {
    for (const site of sites) {
      try {
        for (const c of await deps.cookiesOfSite(storeId, site)) cookies.set(cookieId(c), c);
      } catch (e) {
        // A store that went away mid-scan (a private window closed) or a refused read:
        // treat the site as unreadable rather than as logged out.
        deps.warn(`Could not read the cookies of ${site} in store ${storeId}: ${errorText(e)}`);
        for (const w of watched) if (w.site === site) accessible.delete(w.domain);
      }
    }
  }

  const now = deps.now();
  const records = await deps.readRecords();
  const { put, remove } = reconcile(records, [...cookies.values()], watched, accessible, now);
  await deps.writeRecords(put);
  await deps.removeRecords(remove);

  // The history is what happened, not what is: failing to add to it leaves the scan's answer standing.
  try {
    await deps.appendHistoryEvents(scanHistory(records, put, watched, now));
    await deps.trimHistory();
  } catch (e) {
    deps.warn(`Session Watch: could not update the history: ${errorText(e)}`);
  }

  const after = new Map(records.map((r) => [r.id, r]));
  for (const id of remove) after.delete(id);
  for (const r of put) after.set(r.id, r);
  let live = 0;
  for (const r of after.values()) if (r.ended === null && cookies.has(r.id)) live += 1;
  return { watched: live };
}

/**
 * rescan behind the queue, coalesced: any number of requests made before a
 * scan starts share that scan (install, startup and a settings change often
 * come together); a request made while one runs gets a fresh one after it.
 */
export function createRescanner(deps: RescanDeps): () => Promise<RescanResult> {
  let pending: Promise<RescanResult> | undefined;
  return () => {
    if (pending) return pending;
    const scan = deps.queue.exclusive(() => {
      pending = undefined;
      return rescan(deps);
    });
    pending = scan;
    return scan;
  };
}

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
import { cookiesOfSite, cookieStoreIds } from '../platform/cookies';
import { appendHistoryEvents, trimHistory } from '../platform/history-store';
import { hasOrigins } from '../platform/permissions';
import { readRecords, removeRecords, writeRecords } from '../platform/records-store';
import { updateHistory } from './history-log';
import { checkStorage } from './storage-check';
import type { WorkerDeps } from './worker-deps';

export interface RescanDeps extends WorkerDeps {
  /** The watched domains as of now. */
  watched(): Promise<readonly WatchedDomain[]>;
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

/** One full scan. Runs alone (see coalesce.ts): cookie events that arrive meanwhile are applied after it. */
export async function rescan(deps: RescanDeps): Promise<RescanResult> {
  // First, so the scan reads repaired records and recreates the live ones a repair removed.
  await checkStorage(deps);
  const watched = await deps.watched();
  const access = await Promise.all(watched.map((w) => hasOrigins(originsFor(w))));
  // Without access the browser hides a domain's cookies; its records stay as they are.
  const accessible = new Set(watched.filter((_, i) => access[i]).map((w) => w.domain));
  const sites = [...new Set(watched.filter((w) => accessible.has(w.domain)).map((w) => w.site))];

  const cookies = new Map<string, CookieInfo>();
  for (const storeId of await cookieStoreIds()) {
    for (const site of sites) {
      try {
        for (const c of await cookiesOfSite(storeId, site)) cookies.set(cookieId(c), c);
      } catch (e) {
        // A store that went away mid-scan (a private window closed) or a refused read:
        // treat the site as unreadable rather than as logged out.
        deps.warn(`Could not read the cookies of ${site} in store ${storeId}: ${errorText(e)}`);
        for (const w of watched) if (w.site === site) accessible.delete(w.domain);
      }
    }
  }

  const now = deps.now();
  const records = await readRecords();
  const { put, remove } = reconcile(records, [...cookies.values()], watched, accessible, now);
  await writeRecords(put);
  await removeRecords(remove);

  // The history is what happened, not what is: failing to add to it leaves the scan's answer standing.
  await updateHistory(deps, async () => {
    await appendHistoryEvents(scanHistory(records, put, watched, now));
    // Bounds the history across all sites (HISTORY_TOTAL).
    await trimHistory();
  });

  const after = new Map(records.map((r) => [r.id, r]));
  for (const id of remove) after.delete(id);
  for (const r of put) after.set(r.id, r);
  let live = 0;
  for (const r of after.values()) if (r.ended === null && cookies.has(r.id)) live += 1;
  return { watched: live };
}

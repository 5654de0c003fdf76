/**
 * The session history in storage.local, one key per watched domain
 * (`history:<domain>`), bounded by core/history: HISTORY_PER_SITE per site
 * on every append, HISTORY_TOTAL across sites. A running count of events
 * (`historyCount`) lets an append know the total without reading every
 * site's log. The worker appends; pages read it and may clear it. Every
 * write holds one lock shared by the worker and the pages, so a clear can
 * never be undone by an append that read the log before it.
 */
import browser, { type Storage } from 'webextension-polyfill';
import {
  appendToSite,
  eventsBySite,
  HISTORY_KEY_PREFIX,
  HISTORY_TOTAL,
  isEventField,
  isHistoryEvent,
  strippedEvent,
  trimTotal,
  type HistoryEvent,
} from '../core/history';
import { withLock } from './lock';
import { localItemsWithPrefix } from './local-items';
import { fieldList, repairKey, storedType, type StoredRepair } from '../core/stored-repair';

const LOCK = 'history';

/** How many events every site's log holds together, as of the last write under the lock. */
export const HISTORY_COUNT_KEY = 'historyCount';

/**
 * An append that takes the total past HISTORY_TOTAL trims this far below
 * it, so the appends after it need no trim (each trim reads every log).
 */
const TRIM_SLACK = Math.floor(HISTORY_TOTAL / 10);

function historyKey(site: string): string {
  return HISTORY_KEY_PREFIX + site;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** An event of this site's log. */
function isSiteEvent(value: unknown, site: string): value is HistoryEvent {
  return isHistoryEvent(value) && value.site === site;
}

/** A stored log, its malformed entries dropped, oldest first. */
function eventsOf(value: unknown, site: string): HistoryEvent[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is HistoryEvent => isSiteEvent(e, site))
    .map(strippedEvent)
    .sort((a, b) => a.at - b.at);
}

/** Every site's log, keyed by watched domain (no prototype: a site is only a name here). */
async function readLogs(): Promise<Record<string, HistoryEvent[]>> {
  const logs: Record<string, HistoryEvent[]> = Object.create(null) as Record<string, HistoryEvent[]>;
  for (const [key, value] of Object.entries(await localItemsWithPrefix(HISTORY_KEY_PREFIX))) {
    const site = key.slice(HISTORY_KEY_PREFIX.length);
    logs[site] = eventsOf(value, site);
  }
  return logs;
}

async function storedCount(): Promise<unknown> {
  return (await browser.storage.local.get(HISTORY_COUNT_KEY))[HISTORY_COUNT_KEY];
}

/**
 * With the lock held: counts every event and, past `cap`, drops the oldest
 * across sites down to `target`; the count is written when it changed.
 */
async function settle(cap: number, target: number): Promise<void> {
  const logs = await readLogs();
  let total = Object.values(logs).reduce((n, log) => n + log.length, 0);
  const set: Record<string, unknown> = {};
  const emptied: string[] = [];
  if (total > cap) {
    for (const [site, log] of Object.entries(trimTotal(logs, target))) {
      total -= (logs[site]?.length ?? 0) - log.length;
      if (log.length === 0) emptied.push(historyKey(site));
      else set[historyKey(site)] = log;
    }
  }
  if ((await storedCount()) !== total) set[HISTORY_COUNT_KEY] = total;
  if (Object.keys(set).length > 0) await browser.storage.local.set(set);
  if (emptied.length > 0) await browser.storage.local.remove(emptied);
}

/** The events of one watched domain, or of every one, oldest first. */
export async function readHistory(site?: string): Promise<HistoryEvent[]> {
  if (site !== undefined) {
    const key = historyKey(site);
    return eventsOf((await browser.storage.local.get(key))[key], site);
  }
  return Object.values(await readLogs())
    .flat()
    .sort((a, b) => a.at - b.at);
}

/** Appends each site's events to its log under the lock: one read and one write for every site together. */
function appendBySite(bySite: ReadonlyMap<string, readonly HistoryEvent[]>): Promise<void> {
  return withLock(LOCK, async () => {
    const stored = await browser.storage.local.get([...[...bySite.keys()].map(historyKey), HISTORY_COUNT_KEY]);
    const count = stored[HISTORY_COUNT_KEY];
    let total = isCount(count) ? count : null;
    const set: Record<string, unknown> = {};
    for (const [site, events] of bySite) {
      const key = historyKey(site);
      const log = eventsOf(stored[key], site);
      const next = appendToSite(log, events.map(strippedEvent));
      set[key] = next;
      if (total !== null) total = Math.max(0, total + next.length - log.length);
    }
    if (total !== null) set[HISTORY_COUNT_KEY] = total;
    await browser.storage.local.set(set);
    // Without a count (first append, or one written by an older version) every log is read once to make it.
    if (total === null || total > HISTORY_TOTAL) await settle(HISTORY_TOTAL, HISTORY_TOTAL - TRIM_SLACK);
  });
}

/**
 * Adds each event to the log of its own `site` (coalescing refreshes, at
 * most HISTORY_PER_SITE kept), and keeps the total within HISTORY_TOTAL: a
 * burst of cookie changes across many sites costs one read and one write.
 */
export function appendHistoryEvents(events: readonly HistoryEvent[]): Promise<void> {
  if (events.length === 0) return Promise.resolve();
  return appendBySite(eventsBySite(events));
}

/** Drops the oldest events across all sites beyond `cap`, and counts them all again. */
export function trimHistory(cap = HISTORY_TOTAL): Promise<void> {
  return withLock(LOCK, () => settle(cap, cap));
}

/** Forgets the history of one watched domain, or all of it; resolves to how many events went. */
export function clearHistory(site?: string): Promise<number> {
  return withLock(LOCK, async () => {
    const items = site === undefined ? await localItemsWithPrefix(HISTORY_KEY_PREFIX) : await browser.storage.local.get(historyKey(site));
    const keys = Object.keys(items);
    if (keys.length === 0) return 0;
    const gone = Object.entries(items).reduce<number>(
      (n, [key, value]) => n + eventsOf(value, key.slice(HISTORY_KEY_PREFIX.length)).length,
      0,
    );
    if (site === undefined) {
      await browser.storage.local.remove([...keys, HISTORY_COUNT_KEY]);
      return gone;
    }
    const count = await storedCount();
    await browser.storage.local.remove(keys);
    if (isCount(count)) await browser.storage.local.set({ [HISTORY_COUNT_KEY]: Math.max(0, count - gone) });
    return gone;
  });
}

/**
 * Checks every site's log: a value of another type is removed, malformed
 * events are dropped and fields an event does not have stripped, every
 * valid event is kept as it is. Then counts the events again.
 */
export function repairHistory(): Promise<StoredRepair[]> {
  return withLock(LOCK, async () => {
    const repairs: StoredRepair[] = [];
    const set: Record<string, HistoryEvent[]> = {};
    const remove: string[] = [];
    for (const [key, value] of Object.entries(await localItemsWithPrefix(HISTORY_KEY_PREFIX))) {
      const site = key.slice(HISTORY_KEY_PREFIX.length);
      if (!Array.isArray(value)) {
        remove.push(key);
        repairs.push({ key: repairKey(key), what: `expected a list of events, got ${storedType(value)}; removed` });
        continue;
      }
      const kept = value.filter((e): e is HistoryEvent => isSiteEvent(e, site));
      const dropped = value.length - kept.length;
      const extra = [...new Set(kept.flatMap((e) => Object.keys(e).filter((field) => !isEventField(field))))];
      if (dropped === 0 && extra.length === 0) continue;
      const what = [
        ...(dropped > 0 ? [`${dropped} malformed event${dropped === 1 ? '' : 's'} dropped, ${kept.length} kept`] : []),
        ...(extra.length > 0 ? [`unexpected field${extra.length === 1 ? '' : 's'} ${fieldList(extra)} dropped`] : []),
      ];
      repairs.push({ key: repairKey(key), what: what.join('; ') });
      if (kept.length === 0) remove.push(key);
      else set[key] = kept.map(strippedEvent);
    }
    if (Object.keys(set).length > 0) await browser.storage.local.set(set);
    if (remove.length > 0) await browser.storage.local.remove(remove);
    const count = await storedCount();
    if (count !== undefined && !isCount(count)) {
      repairs.push({ key: HISTORY_COUNT_KEY, what: `expected a count of events, got ${storedType(count)}; counted again` });
    }
    // Counting again also corrects a count that drifted (an older version wrote the logs).
    await settle(Number.POSITIVE_INFINITY, HISTORY_TOTAL);
    return repairs;
  });
}

/** Calls cb with the watched domains whose history changed (appended, trimmed or cleared). */
export function onHistoryChanged(cb: (sites: string[]) => void): () => void {
  const listener = (changes: Record<string, Storage.StorageChange>, areaName: string) => {
    if (areaName !== 'local') return;
    const sites = Object.keys(changes)
      .filter((key) => key.startsWith(HISTORY_KEY_PREFIX))
      .map((key) => key.slice(HISTORY_KEY_PREFIX.length));
    if (sites.length > 0) cb(sites);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The session history in storage.local, one key per watched domain
 * (`history:<domain>`), bounded by core/history. The worker appends; pages
 * read it and may clear it. Every write holds one lock shared by the worker
 * and the pages, so a clear can never be undone by an append that read the
 * log before it.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { appendToSite, HISTORY_KEY_PREFIX, HISTORY_TOTAL, isHistoryEvent, trimTotal, type HistoryEvent } from '../core/history';
import { withLock } from './lock';
import { localItemsWithPrefix } from './storage';

const LOCK = 'history';

function historyKey(site: string): string {
  return HISTORY_KEY_PREFIX + site;
}

/** A stored log, its malformed entries dropped, oldest first. */
function eventsOf(value: unknown): HistoryEvent[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isHistoryEvent).sort((a, b) => a.at - b.at);
}

/** Every site's log, keyed by watched domain. */
async function readLogs(): Promise<Record<string, HistoryEvent[]>> {
  const logs: Record<string, HistoryEvent[]> = {};
  for (const [key, value] of Object.entries(await localItemsWithPrefix(HISTORY_KEY_PREFIX))) {
    logs[key.slice(HISTORY_KEY_PREFIX.length)] = eventsOf(value);
  }
  return logs;
}

/** The events of one watched domain, or of every one, oldest first. */
export async function readHistory(site?: string): Promise<HistoryEvent[]> {
  if (site !== undefined) {
    const key = historyKey(site);
    return eventsOf((await browser.storage.local.get(key))[key]);
  }
  return Object.values(await readLogs())
    .flat()
    .sort((a, b) => a.at - b.at);
}

/** Adds events to a site's log (coalescing refreshes, at most HISTORY_PER_SITE kept). */
export function appendHistory(site: string, events: readonly HistoryEvent[]): Promise<void> {
  if (events.length === 0) return Promise.resolve();
  return withLock(LOCK, async () => {
    const key = historyKey(site);
    const log = eventsOf((await browser.storage.local.get(key))[key]);
    await browser.storage.local.set({ [key]: appendToSite(log, events) });
  });
}

/** Drops the oldest events across all sites beyond `cap`. */
export function trimHistory(cap = HISTORY_TOTAL): Promise<void> {
  return withLock(LOCK, async () => {
    const changed = trimTotal(await readLogs(), cap);
    const sites = Object.keys(changed);
    if (sites.length === 0) return;
    const emptied = sites.filter((site) => changed[site]?.length === 0);
    const kept = sites.filter((site) => (changed[site]?.length ?? 0) > 0);
    if (kept.length > 0) await browser.storage.local.set(Object.fromEntries(kept.map((site) => [historyKey(site), changed[site]])));
    if (emptied.length > 0) await browser.storage.local.remove(emptied.map(historyKey));
  });
}

/** Forgets the history of one watched domain, or all of it; resolves to how many events went. */
export function clearHistory(site?: string): Promise<number> {
  return withLock(LOCK, async () => {
    const items =
      site === undefined ? await localItemsWithPrefix(HISTORY_KEY_PREFIX) : await browser.storage.local.get(historyKey(site));
    const keys = Object.keys(items);
    if (keys.length === 0) return 0;
    await browser.storage.local.remove(keys);
    return Object.values(items).reduce<number>((n, value) => n + eventsOf(value).length, 0);
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

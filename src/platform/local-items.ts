/**
 * Reading storage.local: every item under a key prefix, or one item under
 * its own key, checked on every read because storage outlives versions of
 * this code.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { storedType, type StoredRepair } from '../core/stored-repair';

/**
 * Every storage.local item whose key starts with `prefix`, and those of the
 * keys `alsoKeys`, read in the same call (so they are read as they were at one
 * moment). Where the browser can list keys (Chromium 130+) only those items
 * are read, not the session history stored beside them.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-getKeys
 */
export async function localItemsWithPrefix(prefix: string, alsoKeys: readonly string[] = []): Promise<Record<string, unknown>> {
  const area = browser.storage.local;
  if (typeof area.getKeys === 'function') {
    const keys = (await area.getKeys()).filter((k) => k.startsWith(prefix));
    return keys.length === 0 && alsoKeys.length === 0 ? {} : area.get([...keys, ...alsoKeys]);
  }
  const all = await area.get(null);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix) || alsoKeys.includes(k)));
}

/** Calls listener with every storage change; returns what stops it. */
export function onStorageChanged(listener: (changes: Record<string, Storage.StorageChange>, areaName: string) => void): () => void {
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** How one item of storage.local that maps keys to entries is read and checked. */
export interface MapItem<T> {
  key: string;
  /** An entry worth keeping. */
  isEntry: (key: string, value: unknown) => value is T;
}

/**
 * The entries worth keeping of a stored map (of any storage area); "__proto__"
 * is never one (assigning it would not store it anyway).
 */
export function entriesOf<T>(item: Pick<MapItem<T>, 'isEntry'>, value: unknown): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (key !== '__proto__' && item.isEntry(key, entry)) out[key] = entry;
  }
  return out;
}

/** The reads and writes of one item of storage.local holding a map of checked entries. */
export function mapItem<T>(item: MapItem<T>) {
  const write = async (value: Record<string, T>): Promise<void> => {
    await browser.storage.local.set({ [item.key]: value });
  };
  return {
    ...item,
    /** The entries of a stored value (e.g. a change's newValue); anything malformed is dropped. */
    of: (value: unknown): Record<string, T> => entriesOf(item, value),
    /** The stored entries; anything malformed is dropped. */
    read: async (): Promise<Record<string, T>> => entriesOf(item, (await browser.storage.local.get(item.key))[item.key]),
    write,
  };
}

/**
 * Checks a stored map item: a value of another type is reset, malformed
 * entries are dropped and every valid one kept. Call it where nothing else
 * writes the item (the worker's exclusive work). A function of its own,
 * with its words passed here, so a page that only reads ships none of it.
 * `expected` says what the item should hold: "expected warning keys with the times they were given".
 */
export async function repairMapItem<T>(item: ReturnType<typeof mapItem<T>>, expected: string): Promise<StoredRepair[]> {
  const value: unknown = (await browser.storage.local.get(item.key))[item.key];
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    await item.write({});
    return [{ key: item.key, what: `${expected}, got ${storedType(value)}; reset` }];
  }
  const kept = entriesOf(item, value);
  const dropped = Object.keys(value).length - Object.keys(kept).length;
  if (dropped === 0) return [];
  await item.write(kept);
  return [{ key: item.key, what: `${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} dropped` }];
}

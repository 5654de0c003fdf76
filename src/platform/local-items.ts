/**
 * Reading storage.local: every item under a key prefix, or one item under
 * its own key, checked on every read because storage outlives versions of
 * this code.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { storedType, type StoredRepair } from '../core/stored-repair';

/**
 * Every storage.local item whose key starts with `prefix`. Where the browser
 * can list keys (Chromium 130+) only those items are read, not the session
 * history stored beside them.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-getKeys
 */
export async function localItemsWithPrefix(prefix: string): Promise<Record<string, unknown>> {
  const area = browser.storage.local;
  if (typeof area.getKeys === 'function') {
    const keys = (await area.getKeys()).filter((k) => k.startsWith(prefix));
    return keys.length === 0 ? {} : area.get(keys);
  }
  const all = await area.get(null);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)));
}

/** Calls listener with every storage change; returns what stops it. */
export function onStorageChanged(listener: (changes: Record<string, Storage.StorageChange>, areaName: string) => void): () => void {
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** How one item of storage.local that maps keys to entries is read, checked and repaired. */
export interface MapItem<T> {
  key: string;
  /** An entry worth keeping. */
  isEntry: (key: string, value: unknown) => value is T;
  /** What the item should hold, for a repair of a value of another type: "expected …". */
  expected: string;
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

/** The reads, writes and repair of one item of storage.local holding a map of checked entries. */
export function mapItem<T>(item: MapItem<T>) {
  const stored = async (): Promise<unknown> => (await browser.storage.local.get(item.key))[item.key];
  const write = async (value: Record<string, T>): Promise<void> => {
    await browser.storage.local.set({ [item.key]: value });
  };
  return {
    /** The entries of a stored value (e.g. a change's newValue); anything malformed is dropped. */
    of: (value: unknown): Record<string, T> => entriesOf(item, value),
    /** The stored entries; anything malformed is dropped. */
    read: async (): Promise<Record<string, T>> => entriesOf(item, await stored()),
    write,
    /**
     * Checks the stored item: a value of another type is reset, malformed
     * entries are dropped and every valid one kept. Call it where nothing
     * else writes the item (the worker's exclusive work).
     */
    repair: async (): Promise<StoredRepair[]> => {
      const value = await stored();
      if (value === undefined) return [];
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        await write({});
        return [{ key: item.key, what: `${item.expected}, got ${storedType(value)}; reset` }];
      }
      const kept = entriesOf(item, value);
      const dropped = Object.keys(value).length - Object.keys(kept).length;
      if (dropped === 0) return [];
      await write(kept);
      return [{ key: item.key, what: `${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} dropped` }];
    },
  };
}

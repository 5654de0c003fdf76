/**
 * What the worker repaired in storage, in storage.local under `repairs`:
 * the newest REPAIRS_MAX entries, oldest first, for the options page to
 * show once the broken items themselves are fixed and no longer say so.
 * Writes hold a lock shared with the pages, so a page clearing the list
 * never has it brought back by an append that read it before.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { carriesOtherFields, isRepair, strippedRepair, type Repair } from '../core/item-shapes';
import { storedType, type StoredRepair } from '../core/stored-repair';
import { withLock } from './lock';

export const REPAIRS_KEY = 'repairs';
export const REPAIRS_MAX = 20;

export type { Repair };

const LOCK = 'repairs';

function repairsOf(value: unknown): Repair[] {
  return Array.isArray(value) ? value.filter(isRepair).map(strippedRepair) : [];
}

async function stored(): Promise<unknown> {
  return (await browser.storage.local.get(REPAIRS_KEY))[REPAIRS_KEY];
}

/** The repairs made so far, oldest first; malformed entries are skipped. */
export async function readRepairs(): Promise<Repair[]> {
  return repairsOf(await stored());
}

/** Adds repairs, keeping the newest REPAIRS_MAX. */
export function addRepairs(repairs: readonly Repair[]): Promise<void> {
  if (repairs.length === 0) return Promise.resolve();
  return withLock(LOCK, async () => {
    const next = [...repairsOf(await stored()), ...repairs.map(strippedRepair)];
    await browser.storage.local.set({ [REPAIRS_KEY]: next.slice(-REPAIRS_MAX) });
  });
}

/** Forgets every repair (the user has seen them). */
export function clearRepairs(): Promise<void> {
  return withLock(LOCK, () => browser.storage.local.remove(REPAIRS_KEY));
}

/** Checks the list itself: a value of another type is reset, malformed entries dropped. */
export function repairRepairsLog(): Promise<StoredRepair[]> {
  return withLock(LOCK, async () => {
    const value = await stored();
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      await browser.storage.local.remove(REPAIRS_KEY);
      return [{ key: REPAIRS_KEY, what: `expected a list of repairs, got ${storedType(value)}; reset` }];
    }
    const kept = repairsOf(value);
    const dropped = value.length - value.filter(isRepair).length;
    const extra = value.length - dropped > REPAIRS_MAX;
    const carrying = value.some((r) => isRepair(r) && carriesOtherFields(r));
    if (dropped === 0 && !extra && !carrying) return [];
    await browser.storage.local.set({ [REPAIRS_KEY]: kept.slice(-REPAIRS_MAX) });
    const what = [
      ...(dropped > 0 ? [`${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} dropped`] : []),
      ...(carrying ? ['unexpected fields dropped'] : []),
    ];
    return what.length > 0 ? [{ key: REPAIRS_KEY, what: what.join('; ') }] : [];
  });
}

/** Calls cb with the list whenever it changes. */
export function onRepairsChanged(cb: (repairs: Repair[]) => void): () => void {
  const listener = (changes: Record<string, Storage.StorageChange>, areaName: string) => {
    const change = areaName === 'local' ? changes[REPAIRS_KEY] : undefined;
    if (change) cb(repairsOf(change.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

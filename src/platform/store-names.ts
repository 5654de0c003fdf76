/**
 * The names of Firefox's containers, by cookie store id, for the views: the
 * worker reads them from contextualIdentities (Firefox only, and only with
 * its "contextualIdentities" permission) and keeps them in storage.local
 * under `stores`, so a page never needs that API. The manifest does not ask
 * for that permission: declaring it switches containers on for every user
 * and Firefox does not offer it as optional. Without it the API is absent,
 * no names are written, and rows say "Container" with the store's number.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/contextualIdentities
 */
import browser, { type ContextualIdentities } from 'webextension-polyfill';
import { isEntryOf, StoreNamesShape, type StoreNames } from '../core/item-shapes';
import type { StoredRepair } from '../core/stored-repair';
import { mapItem, onStorageChanged, repairMapItem } from './local-items';

export const STORE_NAMES_KEY = 'stores';

export type { StoreNames };

/** Chromium has no such namespace, and Firefox leaves it out without the permission. */
function identities(): ContextualIdentities.Static | undefined {
  const api: ContextualIdentities.Static | undefined = browser.contextualIdentities;
  return api && typeof api.query === 'function' ? api : undefined;
}

const names = mapItem({
  key: STORE_NAMES_KEY,
  isEntry: (id, name): name is string => isEntryOf(StoreNamesShape, id, name),
});

/** Every container's name as the browser has it now; {} where there are none to know. */
export async function containerNames(): Promise<StoreNames> {
  const api = identities();
  if (!api) return {};
  try {
    return names.of(Object.fromEntries((await api.query({})).map((c) => [c.cookieStoreId, c.name])));
  } catch {
    // The user turned containers off (privacy.userContext.enabled): the calls reject.
    return {};
  }
}

/** Calls cb when a container is created, renamed or removed; does nothing where there are none. */
export function onContainersChanged(cb: () => void): () => void {
  const api = identities();
  if (!api) return () => undefined;
  const events = [api.onCreated, api.onUpdated, api.onRemoved].filter((e) => e !== undefined);
  const listener = () => cb();
  for (const e of events) e.addListener(listener);
  return () => {
    for (const e of events) e.removeListener(listener);
  };
}

export function readStoreNames(): Promise<StoreNames> {
  return names.read();
}

export function writeStoreNames(value: StoreNames): Promise<void> {
  return names.write(value);
}

/**
 * Checks the stored names: a value of another type is reset, malformed
 * entries are dropped and every valid one kept. Call it where nothing else
 * writes them (the worker's exclusive work).
 */
export function repairStoreNames(): Promise<StoredRepair[]> {
  return repairMapItem(names, 'expected container names by cookie store');
}

/** Calls cb with the new names whenever the worker writes them. */
export function onStoreNamesChanged(cb: (names: StoreNames) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    const change = areaName === 'local' ? changes[STORE_NAMES_KEY] : undefined;
    if (change) cb(names.of(change.newValue));
  });
}

/**
 * The names now and whenever they change, for a page: cb runs once the first
 * read lands and after every write. Names only label rows, so a failed read
 * leaves them empty.
 */
export function followStoreNames(cb: (names: StoreNames) => void): () => void {
  const off = onStoreNamesChanged(cb);
  readStoreNames().then(cb, () => undefined);
  return off;
}

/**
 * What was learned of each site's server idle timeout, in storage.local
 * under `idleBounds`: `${watched domain}|${cookie name}` -> bounds. Only
 * lengths of idle gaps and counts: nothing of a request or a cookie value.
 */
import { boundsDomain, IdleBoundsLogShape, type IdleBounds, type IdleBoundsLog } from '../core/idle-bounds';
import { isEntryOf } from '../core/item-shapes';
import type { StoredRepair } from '../core/stored-repair';
import { withLock } from './lock';
import { mapItem, onStorageChanged, repairMapItem } from './local-items';

export const IDLE_BOUNDS_KEY = 'idleBounds';

const item = mapItem({
  key: IDLE_BOUNDS_KEY,
  isEntry: (key, value): value is IdleBounds => isEntryOf(IdleBoundsLogShape, key, value),
});

export function readIdleBounds(): Promise<IdleBoundsLog> {
  return item.read();
}

/**
 * Read, change, write the learned bounds with nobody else doing the same in
 * between (the worker learns, the options page resets). Returning the very
 * log passed in writes nothing.
 */
export function updateIdleBounds(fn: (log: IdleBoundsLog) => IdleBoundsLog): Promise<void> {
  return withLock(IDLE_BOUNDS_KEY, async () => {
    const log = await item.read();
    const next = fn(log);
    if (next !== log) await item.write(next);
  });
}

/** Forgets what was learned for one watched domain (every cookie name of it). */
export function resetIdleBounds(domain: string): Promise<void> {
  return updateIdleBounds((log) => {
    const kept = Object.fromEntries(Object.entries(log).filter(([key]) => boundsDomain(key) !== domain));
    return Object.keys(kept).length === Object.keys(log).length ? log : kept;
  });
}

/** Checks the stored item (the worker's exclusive work): see repairMapItem. */
export function repairIdleBounds(): Promise<StoredRepair[]> {
  return repairMapItem(item, 'expected learned idle timeouts by site and cookie name');
}

/** Calls cb with the whole learned log whenever it changes. */
export function onIdleBoundsChanged(cb: (log: IdleBoundsLog) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    const change = changes[IDLE_BOUNDS_KEY];
    if (areaName === 'local' && change) cb(item.of(change.newValue));
  });
}

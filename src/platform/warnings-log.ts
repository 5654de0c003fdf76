/**
 * The warnings already given, in storage.local under `warnings`: key (from
 * core/schedule: warningKey, endKey) -> when it was given (epoch ms). It is
 * what makes each warning come once across worker and browser restarts.
 */
import { isEntryOf, WarningLogShape, type WarningLog } from '../core/item-shapes';
import type { StoredRepair } from '../core/stored-repair';
import { mapItem, repairMapItem } from './local-items';

export const WARNINGS_KEY = 'warnings';

export type { WarningLog };

const log = mapItem({
  key: WARNINGS_KEY,
  isEntry: (key, at): at is number => isEntryOf(WarningLogShape, key, at),
});

/** The stored log; anything malformed in it is dropped (at worst a warning comes again). */
export function readWarnings(): Promise<WarningLog> {
  return log.read();
}

export function writeWarnings(warnings: WarningLog): Promise<void> {
  return log.write(warnings);
}

/**
 * Checks the stored log: a value of another type is reset, malformed entries
 * are dropped and every valid one kept. Call it where nothing else writes
 * the log (the worker's exclusive work).
 */
export function repairWarnings(): Promise<StoredRepair[]> {
  return repairMapItem(log, 'expected warning keys with the times they were given');
}

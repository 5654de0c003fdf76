/**
 * Every key the extension keeps, checked and repaired part by part: storage
 * outlives versions of this code, sync brings data from other machines, and
 * a disk or another program can leave anything behind. Each broken part
 * falls back on its own and every valid part stays as it is; what was done
 * is said once on the console and kept in the `repairs` list for the
 * options page. Runs where nothing else writes (the worker's exclusive work).
 */
import { errorText } from '../core/error-text';
import type { SettingsKept, SettingsRepair } from '../core/settings-repair';
import type { StoredRepair } from '../core/stored-repair';
import { repairHistory } from '../platform/history-store';
import { repairRecords } from '../platform/records-store';
import { addRepairs, repairRepairsLog, type Repair } from '../platform/repairs-log';
import { repairSettings } from '../platform/settings-store';
import { repairStoreNames } from '../platform/store-names';
import { repairWarnings } from '../platform/warnings-log';
import type { WorkerDeps } from './worker-deps';

/** Each stored part's check, and the list of repairs: the platform's in the extension, fakes in a unit test. */
export interface StorageRepairs {
  repairSettings(): Promise<SettingsRepair>;
  repairRecords(): Promise<StoredRepair[]>;
  repairHistory(): Promise<StoredRepair[]>;
  repairWarnings(): Promise<StoredRepair[]>;
  repairStoreNames(): Promise<StoredRepair[]>;
  repairRepairsLog(): Promise<StoredRepair[]>;
  addRepairs(repairs: readonly Repair[]): Promise<void>;
}

const PLATFORM_REPAIRS: StorageRepairs = {
  repairSettings,
  repairRecords,
  repairHistory,
  repairWarnings,
  repairStoreNames,
  repairRepairsLog,
  addRepairs,
};

/**
 * Control characters and bidirectional overrides shown as escapes, so a key
 * (which carries a cookie name) cannot break or reorder a console line.
 * printable("a\u202Eb\n") -> "a\\u202eb\\u000a"
 */
export function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const KEPT_BECAUSE: Record<SettingsKept, string> = {
  'newer-version': 'a later version of Session Watch wrote them',
  'items-pending': 'sync has not delivered every item yet',
};

/** Repaired settings are written back unless that would undo another machine's data; then they are only read with defaults. */
async function checkSettings(deps: WorkerDeps, stored: StorageRepairs): Promise<StoredRepair[]> {
  const { repairs, kept } = await stored.repairSettings();
  if (kept === null) return repairs;
  for (const r of repairs) {
    deps.warn(`Session Watch: read ${printable(r.key)} with a default: ${printable(r.what)} (left as stored: ${KEPT_BECAUSE[kept]})`);
  }
  return [];
}

/** Checks every key; resolves to what was repaired. Never rejects: a part that cannot be checked is reported and skipped. */
export async function checkStorage(deps: WorkerDeps, stored: StorageRepairs = PLATFORM_REPAIRS): Promise<Repair[]> {
  const parts: Array<[string, () => Promise<StoredRepair[]>]> = [
    ['the list of repairs', () => stored.repairRepairsLog()],
    ['the settings', () => checkSettings(deps, stored)],
    ['the cookie records', () => stored.repairRecords()],
    ['the history', () => stored.repairHistory()],
    ['the warnings given', () => stored.repairWarnings()],
    ['the container names', () => stored.repairStoreNames()],
  ];
  const found: StoredRepair[] = [];
  for (const [name, check] of parts) {
    try {
      found.push(...(await check()));
    } catch (e) {
      deps.warn(`Session Watch: could not check ${name}: ${printable(errorText(e))}`);
    }
  }
  if (found.length === 0) return [];
  const at = deps.now();
  const repairs = found.map((r): Repair => ({ at, key: r.key, what: r.what }));
  for (const r of repairs) deps.warn(`Session Watch: repaired ${printable(r.key)}: ${printable(r.what)}`);
  try {
    await stored.addRepairs(repairs);
  } catch (e) {
    deps.warn(`Session Watch: could not keep the list of repairs: ${printable(errorText(e))}`);
  }
  return repairs;
}

/**
 * The records in storage.local, one per watched cookie under `cookie:<id>`,
 * and their stamp (core/stored-records.ts says how). Everything read is
 * checked, because storage outlives versions of this code.
 */
import type { CookieRecord } from '../core/record-shape';
import { COOKIE_KEY_PREFIX } from '../core/settings-defaults';
import { encodeRecord, RECORDS_STAMP_KEY, recordAt, recordFix, recordKey, stampAt } from '../core/stored-records';
import type { StoredRepair } from '../core/stored-repair';
import browser from 'webextension-polyfill';
import { localItemsWithPrefix, onStorageChanged } from './local-items';

/** A new stamp for the records: any text no earlier write left. */
function newStamp(): { [RECORDS_STAMP_KEY]: string } {
  return { [RECORDS_STAMP_KEY]: crypto.randomUUID() };
}

/**
 * Every well-formed record, and the records' stamp read in the same call (null
 * when none was ever written); a malformed record is skipped (the next scan
 * or event rewrites it).
 */
export async function readStampedRecords(): Promise<{ records: CookieRecord[]; stamp: string | null }> {
  const items = await localItemsWithPrefix(COOKIE_KEY_PREFIX, [RECORDS_STAMP_KEY]);
  const records: CookieRecord[] = [];
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(COOKIE_KEY_PREFIX)) continue;
    const record = recordAt(key, value);
    if (record) records.push(record);
  }
  return { records, stamp: stampAt(items[RECORDS_STAMP_KEY]) };
}

/** Every well-formed record; a malformed one is skipped (the next scan or event rewrites it). */
export async function readRecords(): Promise<CookieRecord[]> {
  return (await readStampedRecords()).records;
}

export async function readRecord(id: string): Promise<CookieRecord | undefined> {
  const key = recordKey(id);
  return recordAt(key, (await browser.storage.local.get(key))[key]) ?? undefined;
}

/**
 * The well-formed records of these ids, by id, in one read: a burst of
 * cookie changes costs one storage call, not one per cookie. An id with no
 * record, or a malformed one, is absent.
 */
export async function readRecordsOf(ids: readonly string[]): Promise<Map<string, CookieRecord>> {
  const found = new Map<string, CookieRecord>();
  if (ids.length === 0) return found;
  const items = await browser.storage.local.get(ids.map(recordKey));
  for (const id of ids) {
    const key = recordKey(id);
    const value = items[key];
    const record = value === undefined ? null : recordAt(key, value);
    if (record) found.set(id, record);
  }
  return found;
}

/** Writes the records and a new stamp in one call. */
export async function writeRecords(put: readonly CookieRecord[]): Promise<void> {
  if (put.length === 0) return;
  await browser.storage.local.set({ ...Object.fromEntries(put.map((r) => [recordKey(r.id), encodeRecord(r)])), ...newStamp() });
}

/**
 * Removes records, after a new stamp: a browser cannot remove and set in one
 * call, and a first screen must not be taken for current once a row it shows
 * is gone.
 */
export async function removeRecords(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await browser.storage.local.set(newStamp());
  await browser.storage.local.remove(ids.map(recordKey));
}

/**
 * Checks every stored record: a malformed one is removed (the next scan
 * reads the cookie stores again and recreates the live ones), one carrying
 * fields a record does not have is written back without them, one an
 * earlier version stored as an object is written back as text (no repair:
 * nothing was wrong with it), and every other well-formed record is left
 * exactly as it is. Call it where no cookie event is being applied (the
 * worker's exclusive work).
 */
export async function repairRecords(): Promise<StoredRepair[]> {
  const repairs: StoredRepair[] = [];
  const remove: string[] = [];
  const rewrite: Record<string, string> = {};
  for (const [key, value] of Object.entries(await localItemsWithPrefix(COOKIE_KEY_PREFIX))) {
    const fix = recordFix(key, value);
    if (fix.do === 'remove') remove.push(key);
    if (fix.do === 'rewrite') rewrite[key] = fix.text;
    if (fix.do !== 'nothing' && fix.repair) repairs.push(fix.repair);
  }
  // One new stamp, with the rewritten records and before any removal (removeRecords says why).
  if (remove.length > 0 || Object.keys(rewrite).length > 0) await browser.storage.local.set({ ...rewrite, ...newStamp() });
  if (remove.length > 0) await browser.storage.local.remove(remove);
  return repairs;
}

/** Calls cb with the records written and the ids removed, whenever any change. */
export function onRecordsChanged(cb: (c: { put: CookieRecord[]; removed: string[] }) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    if (areaName !== 'local') return;
    const put: CookieRecord[] = [];
    const removed: string[] = [];
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith(COOKIE_KEY_PREFIX)) continue;
      if (change.newValue === undefined) removed.push(key.slice(COOKIE_KEY_PREFIX.length));
      else {
        const record = recordAt(key, change.newValue);
        if (record) put.push(record);
      }
    }
    if (put.length > 0 || removed.length > 0) cb({ put, removed });
  });
}

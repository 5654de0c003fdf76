/**
 * Settings in storage.sync under `settings` (and `settings.domains.<n>` once
 * the watched domains outgrow one item; see core/settings-layout.ts), one record per watched cookie in
 * storage.local under `cookie:<id>` (history and store names keep files of
 * their own). Everything read is checked, because storage outlives versions
 * of this code and sync data can come from another machine.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { validateSettings, type ValidatedSettings } from '../core/settings';
import { COOKIE_KEY_PREFIX, SETTINGS_KEY, type Settings } from '../core/settings-defaults';
import { isSettingsKey, joinSettings, splitSettings } from '../core/settings-layout';
import type { CookieRecord, EndCause } from '../core/types';
import { withLock } from './lock';

const END_CAUSES: readonly EndCause[] = ['expired', 'logged-out', 'evicted', 'missing'];

function recordKey(id: string): string {
  return COOKIE_KEY_PREFIX + id;
}

function isEnded(value: unknown): value is CookieRecord['ended'] {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const { cause, at } = value as { cause?: unknown; at?: unknown };
  return typeof cause === 'string' && (END_CAUSES as readonly string[]).includes(cause) && typeof at === 'number';
}

/** Whether a stored value has every field of a CookieRecord with the right type. */
function isCookieRecord(value: unknown): value is CookieRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.name === 'string' &&
    typeof r.domain === 'string' &&
    typeof r.path === 'string' &&
    typeof r.storeId === 'string' &&
    typeof r.hostOnly === 'boolean' &&
    typeof r.secure === 'boolean' &&
    typeof r.httpOnly === 'boolean' &&
    typeof r.sameSite === 'string' &&
    (r.expiresAt === null || typeof r.expiresAt === 'number') &&
    typeof r.firstSeen === 'number' &&
    typeof r.lastRefreshed === 'number' &&
    isEnded(r.ended) &&
    (r.refreshes === undefined || typeof r.refreshes === 'number') &&
    (r.grantMs === undefined || r.grantMs === null || typeof r.grantMs === 'number') &&
    (r.tokenExpiresAt === undefined || r.tokenExpiresAt === null || typeof r.tokenExpiresAt === 'number') &&
    (r.partition === undefined || typeof r.partition === 'string')
  );
}

/** Exactly the record's fields: whatever else an object carries never reaches storage. */
function stored(r: CookieRecord): CookieRecord {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    path: r.path,
    storeId: r.storeId,
    hostOnly: r.hostOnly,
    secure: r.secure,
    httpOnly: r.httpOnly,
    sameSite: r.sameSite,
    expiresAt: r.expiresAt,
    firstSeen: r.firstSeen,
    lastRefreshed: r.lastRefreshed,
    ended: r.ended === null ? null : { cause: r.ended.cause, at: r.ended.at },
    refreshes: r.refreshes ?? 0,
    grantMs: r.grantMs ?? null,
    tokenExpiresAt: r.tokenExpiresAt ?? null,
    ...(r.partition ? { partition: r.partition } : {}),
  };
}

/** Every settings item in storage.sync; the layout decides which keys those are. */
async function settingsItems(): Promise<Record<string, unknown>> {
  const all = await browser.storage.sync.get(null);
  return Object.fromEntries(Object.entries(all).filter(([key]) => isSettingsKey(key)));
}

function readFrom(items: Record<string, unknown>): ValidatedSettings {
  const { raw, errors } = joinSettings(items);
  const validated = validateSettings(raw);
  return { settings: validated.settings, errors: [...errors, ...validated.errors] };
}

export async function readSettings(): Promise<ValidatedSettings> {
  return readFrom(await settingsItems());
}

/**
 * Read, change, write the settings with nobody else doing the same in
 * between. Returning the very object passed in writes nothing.
 */
export function updateSettings(fn: (s: Settings) => Settings): Promise<Settings> {
  return withLock(SETTINGS_KEY, async () => {
    const items = await settingsItems();
    const { settings } = readFrom(items);
    const next = fn(settings);
    if (next === settings) return next;
    const { set, remove } = splitSettings(next, Object.keys(items));
    // One set() for the head and its chunks: one change event, never a count of chunks not yet written.
    await browser.storage.sync.set(set);
    if (remove.length > 0) await browser.storage.sync.remove(remove);
    return next;
  });
}

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

/** Every well-formed record; a malformed one is skipped (the next scan or event rewrites it). */
export async function readRecords(): Promise<CookieRecord[]> {
  const records: CookieRecord[] = [];
  for (const [key, value] of Object.entries(await localItemsWithPrefix(COOKIE_KEY_PREFIX))) {
    if (isCookieRecord(value) && recordKey(value.id) === key) records.push(value);
  }
  return records;
}

export async function readRecord(id: string): Promise<CookieRecord | undefined> {
  const key = recordKey(id);
  const value = (await browser.storage.local.get(key))[key];
  return isCookieRecord(value) && value.id === id ? value : undefined;
}

export async function writeRecords(put: readonly CookieRecord[]): Promise<void> {
  if (put.length === 0) return;
  await browser.storage.local.set(Object.fromEntries(put.map((r) => [recordKey(r.id), stored(r)])));
}

export async function removeRecords(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await browser.storage.local.remove(ids.map(recordKey));
}

type StorageListener = (changes: Record<string, Storage.StorageChange>, areaName: string) => void;

function listen(listener: StorageListener): () => void {
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * Calls cb with the new settings (validated; `errors` says what was repaired)
 * whenever they change anywhere. A change to the head item alone carries the
 * whole settings; chunked settings are read again.
 */
export function onSettingsChanged(cb: (s: Settings, errors: string[]) => void): () => void {
  return listen((changes, areaName) => {
    if (areaName !== 'sync' || !Object.keys(changes).some(isSettingsKey)) return;
    const head = changes[SETTINGS_KEY];
    const chunked = !head || (typeof head.newValue === 'object' && head.newValue !== null && 'domainChunks' in head.newValue);
    if (!chunked) {
      const { settings, errors } = validateSettings(head.newValue);
      cb(settings, errors);
      return;
    }
    // Only some chunks may have changed: read the whole again.
    void readSettings().then(({ settings, errors }) => cb(settings, errors));
  });
}

/** Calls cb with the records written and the ids removed, whenever any change. */
export function onRecordsChanged(cb: (c: { put: CookieRecord[]; removed: string[] }) => void): () => void {
  return listen((changes, areaName) => {
    if (areaName !== 'local') return;
    const put: CookieRecord[] = [];
    const removed: string[] = [];
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith(COOKIE_KEY_PREFIX)) continue;
      if (change.newValue === undefined) removed.push(key.slice(COOKIE_KEY_PREFIX.length));
      else if (isCookieRecord(change.newValue)) put.push(change.newValue);
    }
    if (put.length > 0 || removed.length > 0) cb({ put, removed });
  });
}

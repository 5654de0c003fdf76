/**
 * Settings in storage.sync under `settings` (and `settings.domains.<n>` once
 * the watched domains outgrow one item; see core/settings-layout.ts), one record per watched cookie in
 * storage.local under `cookie:<id>`, as JSON text (history and store names
 * keep files of their own). Everything read is checked, because storage outlives versions
 * of this code and sync data can come from another machine.
 */
import browser, { type Storage } from 'webextension-polyfill';
import { cookieId } from '../core/observe';
import { validateSettings, type ValidatedSettings } from '../core/settings';
import { COOKIE_KEY_PREFIX, SCHEMA_VERSION, SETTINGS_KEY, type Settings } from '../core/settings-defaults';
import { DOMAIN_CHUNK_PREFIX, isSettingsKey, joinSettings, splitSettings } from '../core/settings-layout';
import type { CookieRecord, EndCause } from '../core/types';
import { withLock } from './lock';
import { fieldList, isStoredTime, repairKey, storedType, type StoredRepair } from './stored-repair';

const END_CAUSES: readonly EndCause[] = ['expired', 'logged-out', 'evicted', 'missing'];

function recordKey(id: string): string {
  return COOKIE_KEY_PREFIX + id;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnded(value: unknown): value is CookieRecord['ended'] {
  if (value === null) return true;
  if (!isMap(value)) return false;
  const { cause, at } = value;
  return typeof cause === 'string' && (END_CAUSES as readonly string[]).includes(cause) && isStoredTime(at);
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isCount: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isSpan: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);

/** Every field a CookieRecord may have and what it must hold (times within what a Date can show). */
const RECORD_FIELDS: Record<keyof CookieRecord, Check> = {
  id: isString,
  name: isString,
  domain: isString,
  path: isString,
  storeId: isString,
  hostOnly: isBoolean,
  secure: isBoolean,
  httpOnly: isBoolean,
  sameSite: isString,
  expiresAt: orNull(isStoredTime),
  firstSeen: isStoredTime,
  lastRefreshed: isStoredTime,
  ended: isEnded,
  refreshes: optional(isCount),
  grantMs: optional(orNull(isSpan)),
  tokenExpiresAt: optional(orNull(isStoredTime)),
  partition: optional(isString),
};

function own(value: Record<string, unknown>, field: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, field) ? value[field] : undefined;
}

const FIELD_CHECKS = Object.entries(RECORD_FIELDS);

/** The fields of a stored map that are missing or of the wrong type; null when there are none. */
function wrongFields(value: Record<string, unknown>): string[] | null {
  let wrong: string[] | null = null;
  for (const [field, check] of FIELD_CHECKS) {
    if (!check(own(value, field))) (wrong ??= []).push(field);
  }
  return wrong;
}

/** recordKey(id) === key, without building the key: every read checks every record. */
function isKeyOf(key: string, id: string): boolean {
  return key.length === COOKIE_KEY_PREFIX.length + id.length && key.startsWith(COOKIE_KEY_PREFIX) && key.endsWith(id);
}

/**
 * Records are stored as JSON text, not as objects: the browser then hands a
 * page one string per record instead of building each object field by field.
 * In Chromium 156 that read 5,000 records in under half the time
 * (bench/README-performance.md), and every popup pays for that read before
 * its first paint. A record an earlier version stored as an object is still
 * read, and the next repair pass stores it as text.
 */
function encodeRecord(r: CookieRecord): string {
  return JSON.stringify(stored(r));
}

/** Text that is not JSON, told apart from a stored string that is. */
const NOT_JSON: unique symbol = Symbol('not JSON');

function decodeRecord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** What is wrong with the value stored under `key` as a record, or null when it is a well-formed record of that key. */
function recordProblem(key: string, raw: unknown): string | null {
  const value = decodeRecord(raw);
  if (value === NOT_JSON) return 'expected a cookie record, got text that is not JSON';
  if (!isMap(value))
    return `expected a cookie record, got ${typeof raw === 'string' ? `text holding ${storedType(value)}` : storedType(value)}`;
  const wrong = wrongFields(value);
  if (wrong) return `${wrong.length > 5 ? `${wrong.length} fields` : fieldList(wrong)} missing or of the wrong type`;
  const r = value as unknown as CookieRecord;
  if (!isKeyOf(key, r.id)) return 'its id does not match its key';
  if (cookieId(r) !== r.id) return 'its id does not match its store, domain, path and name';
  return null;
}

/**
 * wrongFields(v) === null in straight-line checks, for a plain object (what
 * storage gives back: no field of it can come from a prototype). The popup
 * checks every record it reads before its first paint.
 */
function hasRecordFields(v: Record<string, unknown>): boolean {
  return (
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.domain === 'string' &&
    typeof v.path === 'string' &&
    typeof v.storeId === 'string' &&
    typeof v.hostOnly === 'boolean' &&
    typeof v.secure === 'boolean' &&
    typeof v.httpOnly === 'boolean' &&
    typeof v.sameSite === 'string' &&
    (v.expiresAt === null || isStoredTime(v.expiresAt)) &&
    isStoredTime(v.firstSeen) &&
    isStoredTime(v.lastRefreshed) &&
    isEnded(v.ended) &&
    (v.refreshes === undefined || isCount(v.refreshes)) &&
    (v.grantMs === undefined || v.grantMs === null || isSpan(v.grantMs)) &&
    (v.tokenExpiresAt === undefined || v.tokenExpiresAt === null || isStoredTime(v.tokenExpiresAt)) &&
    (v.partition === undefined || typeof v.partition === 'string')
  );
}

/** The record stored under `key` when recordProblem(key, raw) === null, without building the text of a problem nobody reads; else null. */
function recordAt(key: string, raw: unknown): CookieRecord | null {
  const value = decodeRecord(raw);
  if (!isMap(value)) return null;
  const fieldsOk = Object.getPrototypeOf(value) === Object.prototype ? hasRecordFields(value) : wrongFields(value) === null;
  if (!fieldsOk) return null;
  const r = value as unknown as CookieRecord;
  return isKeyOf(key, r.id) && cookieId(r) === r.id ? r : null;
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
    const record = recordAt(key, value);
    if (record) records.push(record);
  }
  return records;
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

export async function writeRecords(put: readonly CookieRecord[]): Promise<void> {
  if (put.length === 0) return;
  await browser.storage.local.set(Object.fromEntries(put.map((r) => [recordKey(r.id), encodeRecord(r)])));
}

export async function removeRecords(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
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
    const problem = recordProblem(key, value);
    if (problem !== null) {
      remove.push(key);
      repairs.push({ key: repairKey(key), what: `${problem}; removed` });
      continue;
    }
    const record = decodeRecord(value) as CookieRecord;
    const extra = Object.keys(record).filter((field) => !Object.prototype.hasOwnProperty.call(RECORD_FIELDS, field));
    if (extra.length > 0) {
      rewrite[key] = encodeRecord(record);
      repairs.push({ key: repairKey(key), what: `unexpected field${extra.length === 1 ? '' : 's'} ${fieldList(extra)} dropped` });
    } else if (typeof value !== 'string') {
      rewrite[key] = encodeRecord(record);
    }
  }
  if (remove.length > 0) await browser.storage.local.remove(remove);
  if (Object.keys(rewrite).length > 0) await browser.storage.local.set(rewrite);
  return repairs;
}

/** Why repaired settings were left as stored: written back, they would undo another machine's data. */
export type SettingsKept =
  /** A later version of this extension wrote them (sync from another machine). */
  | 'newer-version'
  /** Sync has delivered the head item but not yet every item of domains it names. */
  | 'items-pending';

export interface SettingsRepair {
  /** One per repaired field or item; empty when the settings are sound. */
  repairs: StoredRepair[];
  /** Why the repaired settings were not written back, or null (written back, or nothing to write). */
  kept: SettingsKept | null;
}

/**
 * validateSettings quotes a stored string it refuses (up to 40 characters);
 * a repair names types only. There is one such value per line, after "(" or
 * "got ", ending at ")" or ";" (cut strings end with "...").
 */
const QUOTED = /(\(|got )"[^]*(?:"|\.\.\.)(?=\)|;)/;

function repairOfError(error: string, items: Readonly<Record<string, unknown>>): StoredRepair {
  if (error.startsWith(DOMAIN_CHUNK_PREFIX)) {
    return { key: error.slice(0, error.indexOf(':')), what: error.slice(error.indexOf(':') + 1).trim() };
  }
  const head = items[SETTINGS_KEY];
  if (error.startsWith('domainChunks:') && isMap(head)) {
    return { key: SETTINGS_KEY, what: `domainChunks: expected a count of items, got ${storedType(head.domainChunks)}; read none` };
  }
  return { key: SETTINGS_KEY, what: error.replace(QUOTED, '$1a string') };
}

/** How many items of domains the head names (0 for settings in one item, or a count that is garbage). */
function chunkCount(items: Readonly<Record<string, unknown>>): number {
  const head = items[SETTINGS_KEY];
  const count = isMap(head) ? head.domainChunks : undefined;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 512 ? count : 0;
}

function keptBecause(items: Readonly<Record<string, unknown>>): SettingsKept | null {
  const head = items[SETTINGS_KEY];
  if (!isMap(head)) return null;
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > SCHEMA_VERSION) return 'newer-version';
  for (let i = 0; i < chunkCount(items); i++) if (items[`${DOMAIN_CHUNK_PREFIX}${i}`] === undefined) return 'items-pending';
  return null;
}

/**
 * Items of domains the head does not name that are not even lists. One
 * that is a list may be on its way from sync ahead of the head naming it,
 * so it stays; the next save removes it if it is not.
 */
function strayItems(items: Readonly<Record<string, unknown>>): string[] {
  const named = chunkCount(items);
  return Object.keys(items).filter((key) => {
    if (!key.startsWith(DOMAIN_CHUNK_PREFIX) || Array.isArray(items[key])) return false;
    const index = key.slice(DOMAIN_CHUNK_PREFIX.length);
    return !/^\d+$/.test(index) || Number(index) >= named;
  });
}

/**
 * Reads the settings as every reader does (a bad field falls back to its
 * default) and writes that back, so the garbage does not stay in storage.
 * A field this version does not know is no error: alone, it leaves the
 * settings as they are.
 */
export function repairSettings(): Promise<SettingsRepair> {
  return withLock(SETTINGS_KEY, async () => {
    const items = await settingsItems();
    const { settings, errors } = readFrom(items);
    const strays = strayItems(items);
    if (errors.length === 0 && strays.length === 0) return { repairs: [], kept: null };
    const repairs = [
      ...errors.map((e) => repairOfError(e, items)),
      ...strays.map((key) => ({ key: repairKey(key), what: `expected a list of watched domains, got ${storedType(items[key])}; removed` })),
    ];
    const kept = keptBecause(items);
    if (kept !== null) return { repairs, kept };
    if (errors.length === 0) {
      await browser.storage.sync.remove(strays);
      return { repairs, kept: null };
    }
    // The layout for the repaired settings; every settings item it does not use (the strays too) goes.
    const { set, remove } = splitSettings(settings, Object.keys(items));
    await browser.storage.sync.set(set);
    if (remove.length > 0) await browser.storage.sync.remove(remove);
    return { repairs, kept: null };
  });
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
      else {
        const record = recordAt(key, change.newValue);
        if (record) put.push(record);
      }
    }
    if (put.length > 0 || removed.length > 0) cb({ put, removed });
  });
}

/**
 * What the settings items in storage.sync hold, and what a repair of them
 * does: pure, so the adapter (platform/settings-store.ts) only reads the
 * items and writes what this says.
 */
import { checkSettings, repairTexts, type RepairTexts, type ValidatedSettings } from './settings';
import { SCHEMA_VERSION, SETTINGS_KEY } from './settings-defaults';
import { DOMAIN_CHUNK_PREFIX, joinSettings, splitSettings } from './settings-layout';
import { isMap, repairKey, storedType, type StoredRepair } from './stored-repair';

/**
 * The settings every settings item together holds, validated; the repairs
 * by path, or in words with `texts` = repairTexts() (see checkSettings).
 * settingsOfItems({settings: {leadMinutes: 5}}) -> {settings: {...DEFAULTS, leadMinutes: 5}, errors: []}
 */
export function settingsOfItems(items: Readonly<Record<string, unknown>>, texts: RepairTexts | null = null): ValidatedSettings {
  const { raw, errors } = joinSettings(items, texts);
  const validated = checkSettings(raw, texts);
  return { settings: validated.settings, errors: [...errors, ...validated.errors] };
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

/** A repair of the settings items, and the writes it takes (none when `write` is null). */
export interface SettingsRepairPlan extends SettingsRepair {
  write: { set: Record<string, unknown>; remove: string[] } | null;
}

/**
 * The settings as every reader reads them (a bad field falls back to its
 * default), to be written back so the garbage does not stay in storage. A
 * field this version does not know is no error: alone, it leaves the
 * settings as they are.
 * settingsRepairPlan({settings: {leadMinutes: 0}}) -> {repairs: [{key: 'settings', what: 'leadMinutes: …'}], kept: null, write: {…}}
 */
export function settingsRepairPlan(items: Readonly<Record<string, unknown>>): SettingsRepairPlan {
  const { settings, errors } = settingsOfItems(items, repairTexts());
  const strays = strayItems(items);
  if (errors.length === 0 && strays.length === 0) return { repairs: [], kept: null, write: null };
  const repairs = [
    ...errors.map((e) => repairOfError(e, items)),
    ...strays.map((key) => ({ key: repairKey(key), what: `expected a list of watched domains, got ${storedType(items[key])}; removed` })),
  ];
  const kept = keptBecause(items);
  if (kept !== null) return { repairs, kept, write: null };
  if (errors.length === 0) return { repairs, kept: null, write: { set: {}, remove: strays } };
  // The layout for the repaired settings; every settings item it does not use (the strays too) goes.
  return { repairs, kept: null, write: splitSettings(settings, Object.keys(items)) };
}

/**
 * How settings are laid out in storage.sync, whose items may not exceed
 * 8,192 bytes each (key plus JSON value). Small settings are one item,
 * `settings`; once the watched domains outgrow it they move to numbered
 * items `settings.domains.0`, `settings.domains.1`, … and `settings` says
 * how many there are.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync
 */
import { reporter, type RepairTexts } from './settings';
import { SETTINGS_KEY } from './settings-defaults';
import { strippedSettings, type Settings } from './settings-shape';

export const DOMAIN_CHUNK_PREFIX = `${SETTINGS_KEY}.domains.`;
/** storage.sync's QUOTA_BYTES_PER_ITEM, less a margin for how a browser counts. */
export const ITEM_BYTES = 8192 - 192;

const encoder = new TextEncoder();
/** itemBytes('settings', {a: 1}) -> 15: how storage.sync measures an item. */
export function itemBytes(key: string, value: unknown): number {
  return encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;
}

/** storage.sync's QUOTA_BYTES across all items, less the same margin as ITEM_BYTES. */
export const SYNC_BYTES = 102_400 - 192;

/**
 * syncBytes(settings) -> the bytes the settings take in storage.sync as
 * splitSettings lays them out; over SYNC_BYTES they cannot be saved.
 * syncBytes(DEFAULTS) -> 98
 */
export function syncBytes(settings: Settings): number {
  return Object.entries(splitSettings(settings).set).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
}

/** Whether a storage.sync key belongs to the settings. */
export function isSettingsKey(key: string): boolean {
  return key === SETTINGS_KEY || key.startsWith(DOMAIN_CHUNK_PREFIX);
}

/**
 * The items to write for `settings`, and the settings keys in `existing`
 * to remove because the new layout no longer uses them.
 */
export function splitSettings(given: Settings, existing: readonly string[] = []): { set: Record<string, unknown>; remove: string[] } {
  // Exactly the declared fields: whatever else an object carries never reaches storage.
  const settings = strippedSettings(given);
  const set: Record<string, unknown> = {};
  if (itemBytes(SETTINGS_KEY, settings) <= ITEM_BYTES) {
    set[SETTINGS_KEY] = settings;
  } else {
    const chunks: unknown[][] = [];
    let chunk: unknown[] = [];
    for (const domain of settings.domains) {
      const key = `${DOMAIN_CHUNK_PREFIX}${chunks.length}`;
      if (chunk.length > 0 && itemBytes(key, [...chunk, domain]) > ITEM_BYTES) {
        chunks.push(chunk);
        chunk = [];
      }
      chunk.push(domain);
    }
    if (chunk.length > 0) chunks.push(chunk);
    chunks.forEach((c, i) => {
      set[`${DOMAIN_CHUNK_PREFIX}${i}`] = c;
    });
    const { domains: _inline, ...rest } = settings;
    set[SETTINGS_KEY] = { ...rest, domainChunks: chunks.length };
  }
  const remove = existing.filter((key) => isSettingsKey(key) && !(key in set));
  return { set, remove };
}

/**
 * The stored settings as one raw object for validateSettings, from whatever
 * storage.sync holds. A chunk that is missing or not a list (sync may
 * deliver items one by one) is reported and skipped: by its key, and in
 * words with `texts` (see checkSettings).
 */
export function joinSettings(items: Readonly<Record<string, unknown>>, texts: RepairTexts | null): { raw: unknown; errors: string[] } {
  const head = items[SETTINGS_KEY];
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return { raw: head, errors: [] };
  const { domainChunks, ...rest } = head as Record<string, unknown>;
  if (domainChunks === undefined) return { raw: head, errors: [] };
  const errors: string[] = [];
  const count = typeof domainChunks === 'number' && Number.isInteger(domainChunks) && domainChunks >= 0 ? Math.min(domainChunks, 512) : 0;
  const report = reporter(errors, texts);
  if (count !== domainChunks) report('domainChunks', (t) => t.chunkCount(domainChunks));
  const domains: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = items[`${DOMAIN_CHUNK_PREFIX}${i}`];
    if (Array.isArray(chunk)) domains.push(...(chunk as unknown[]));
    else report(`${DOMAIN_CHUNK_PREFIX}${i}`, (t) => t.chunkMissing());
  }
  return { raw: { ...rest, domains }, errors };
}

/**
 * Settings in storage.sync under `settings` (and `settings.domains.<n>` once
 * the watched domains outgrow one item; see core/settings-layout.ts).
 * Everything read is checked (core/settings-repair.ts), because storage
 * outlives versions of this code and sync data can come from another machine.
 */
import browser from 'webextension-polyfill';
import { checkSettings, type ValidatedSettings } from '../core/settings';
import { SETTINGS_KEY, type Settings } from '../core/settings-defaults';
import { isSettingsKey, splitSettings } from '../core/settings-layout';
import { settingsOfItems, settingsRepairPlan, type SettingsRepair } from '../core/settings-repair';
import { onStorageChanged } from './local-items';
import { withLock } from './lock';

/** Every settings item in storage.sync; the layout decides which keys those are. */
async function settingsItems(): Promise<Record<string, unknown>> {
  const all = await browser.storage.sync.get(null);
  return Object.fromEntries(Object.entries(all).filter(([key]) => isSettingsKey(key)));
}

async function write({ set, remove }: { set: Record<string, unknown>; remove: string[] }): Promise<void> {
  // One set() for the head and its chunks: one change event, never a count of chunks not yet written.
  if (Object.keys(set).length > 0) await browser.storage.sync.set(set);
  if (remove.length > 0) await browser.storage.sync.remove(remove);
}

/** The settings, and the path of each field a read repaired (the storage check says what was wrong). */
export async function readSettings(): Promise<ValidatedSettings> {
  return settingsOfItems(await settingsItems());
}

/**
 * Read, change, write the settings with nobody else doing the same in
 * between. Returning the very object passed in writes nothing.
 */
export function updateSettings(fn: (s: Settings) => Settings): Promise<Settings> {
  return withLock(SETTINGS_KEY, async () => {
    const items = await settingsItems();
    const { settings } = settingsOfItems(items);
    const next = fn(settings);
    if (next === settings) return next;
    await write(splitSettings(next, Object.keys(items)));
    return next;
  });
}

/**
 * Reads the settings as every reader does (a bad field falls back to its
 * default) and writes that back, so the garbage does not stay in storage,
 * unless writing back would undo another machine's data (see SettingsKept).
 */
export function repairSettings(): Promise<SettingsRepair> {
  return withLock(SETTINGS_KEY, async () => {
    const { repairs, kept, write: writes } = settingsRepairPlan(await settingsItems());
    if (writes) await write(writes);
    return { repairs, kept };
  });
}

/**
 * Calls cb with the new settings (validated; `errors` says what was repaired)
 * whenever they change anywhere. A change to the head item alone carries the
 * whole settings; chunked settings are read again, and a read that fails is
 * reported to `onError` (the settings in use stay as they were).
 */
export function onSettingsChanged(
  cb: (s: Settings, errors: string[]) => void,
  onError: (error: unknown) => void = (error) => console.error('Session Watch: could not read the settings', error),
): () => void {
  return onStorageChanged((changes, areaName) => {
    if (areaName !== 'sync' || !Object.keys(changes).some(isSettingsKey)) return;
    const head = changes[SETTINGS_KEY];
    const chunked = !head || (typeof head.newValue === 'object' && head.newValue !== null && 'domainChunks' in head.newValue);
    if (!chunked) {
      const { settings, errors } = checkSettings(head.newValue, null);
      cb(settings, errors);
      return;
    }
    // Only some chunks may have changed: read the whole again.
    readSettings().then(({ settings, errors }) => cb(settings, errors), onError);
  });
}

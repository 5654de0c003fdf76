/** Reading an extension storage area from an extension tab, the same way in both browsers. */
import type { Driver, StorageArea, TabHandle } from './driver';
import type { ExtGlobal } from './ext-api';

export function readStorageArea(tab: TabHandle, area: StorageArea): Promise<Record<string, unknown>> {
  return tab.evaluate(async (a) => {
    const g = globalThis as unknown as ExtGlobal;
    const api = g.browser ?? g.chrome;
    const store = api?.storage[a];
    return store ? store.get(null) : {};
  }, area);
}

/** A stored cookie record, as far as the end-to-end checks read it. */
export interface StoredRecord {
  id: string;
  name: string;
  domain: string;
  expiresAt: number | null;
  lastRefreshed: number;
  ended: unknown;
}

/** Every cookie record in storage.local, by key (each is stored as JSON text). */
export async function readStoredRecords(driver: Driver): Promise<Map<string, StoredRecord>> {
  const records = new Map<string, StoredRecord>();
  for (const [key, value] of Object.entries(await driver.readStorage('local'))) {
    if (!key.startsWith('cookie:')) continue;
    if (typeof value !== 'string') throw new Error(`${key} is stored as ${typeof value}, not as JSON text`);
    records.set(key, JSON.parse(value) as StoredRecord);
  }
  return records;
}

/** Reading an extension storage area from an extension tab, the same way in both browsers. */
import type { StorageArea, TabHandle } from './driver';
import type { ExtGlobal } from './ext-api';

export function readStorageArea(tab: TabHandle, area: StorageArea): Promise<Record<string, unknown>> {
  return tab.evaluate(async (a) => {
    const g = globalThis as unknown as ExtGlobal;
    const api = g.browser ?? g.chrome;
    const store = api?.storage[a];
    return store ? store.get(null) : {};
  }, area);
}

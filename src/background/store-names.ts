/** Keeps the container names the views show in storage, in step with the browser. */
import { containerNames, readStoreNames, writeStoreNames, type StoreNames } from '../platform/store-names';
import type { KeyQueue } from './key-queue';

function same(a: StoreNames, b: StoreNames): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Reads the names and writes them when they changed; one refresh at a time, so an older read never lands last. */
export function refreshStoreNames(queue: KeyQueue): Promise<void> {
  return queue.run('stores', async () => {
    const [current, stored] = await Promise.all([containerNames(), readStoreNames()]);
    if (!same(current, stored)) await writeStoreNames(current);
  });
}

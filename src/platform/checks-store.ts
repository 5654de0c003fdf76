/**
 * The last check of each watched site (`checks`) and each site's keep-alive
 * (`keepAlive`), in storage.session: in memory only, forgotten when the
 * browser quits, as a browser-session cookie is. Status, time and
 * redirect-or-not only: nothing else of an answer is kept anywhere.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
import browser from 'webextension-polyfill';
import type * as v from 'valibot';
import { isEntryOf } from '../core/item-shapes';
import { KeepAliveLogShape, type KeepAliveLog } from '../core/keep-alive';
import { ChecksLogShape, type ChecksLog } from '../core/server-check';
import { entriesOf, onStorageChanged } from './local-items';

export const CHECKS_KEY = 'checks';
export const KEEP_ALIVE_KEY = 'keepAlive';

type LogShape<T> = { key: v.GenericSchema<string>; value: v.GenericSchema<unknown, T> };

/** The well-formed entries of a stored log; anything malformed is dropped (at worst a check is shown as not made). */
function logOf<T>(shape: LogShape<T>, value: unknown): Record<string, T> {
  return entriesOf({ isEntry: (key, entry): entry is T => isEntryOf(shape, key, entry) }, value);
}

async function read<T>(key: string, shape: LogShape<T>): Promise<Record<string, T>> {
  return logOf(shape, (await browser.storage.session.get(key))[key]);
}

function follow<T>(key: string, shape: LogShape<T>, cb: (log: Record<string, T>) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    const change = changes[key];
    if (areaName === 'session' && change) cb(logOf(shape, change.newValue));
  });
}

export const readChecks = (): Promise<ChecksLog> => read(CHECKS_KEY, ChecksLogShape);
export const readKeepAlive = (): Promise<KeepAliveLog> => read(KEEP_ALIVE_KEY, KeepAliveLogShape);

/** Only the worker writes these, one run at a time per site, from the whole log. */
export async function writeChecks(log: Readonly<ChecksLog>): Promise<void> {
  await browser.storage.session.set({ [CHECKS_KEY]: log });
}
export async function writeKeepAlive(log: Readonly<KeepAliveLog>): Promise<void> {
  await browser.storage.session.set({ [KEEP_ALIVE_KEY]: log });
}

export const onChecksChanged = (cb: (log: ChecksLog) => void): (() => void) => follow(CHECKS_KEY, ChecksLogShape, cb);
export const onKeepAliveChanged = (cb: (log: KeepAliveLog) => void): (() => void) => follow(KEEP_ALIVE_KEY, KeepAliveLogShape, cb);

/**
 * When the browser last sent a request to each watched site, in
 * storage.session under `activity`: the browser keeps that area in memory
 * only, so it survives a stopped worker but never reaches the disk, and it
 * is forgotten when the browser quits (as the server's idle clock is, for a
 * browser-session cookie). Times, the idle gap and what began a burst only.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
import browser from 'webextension-polyfill';
import { ActivityLogShape, type ActivityLog } from '../core/activity';
import { isEntryOf } from '../core/item-shapes';
import { entriesOf, onStorageChanged } from './local-items';

export const ACTIVITY_KEY = 'activity';

/** Anything malformed is dropped: at worst a gap is not learned from. */
const activityOf = (value: unknown): ActivityLog =>
  entriesOf({ isEntry: (domain, entry): entry is ActivityLog[string] => isEntryOf(ActivityLogShape, domain, entry) }, value);

/** Every site's activity; anything malformed is dropped (at worst a gap is not learned from). */
export async function readActivity(): Promise<ActivityLog> {
  return activityOf((await browser.storage.session.get(ACTIVITY_KEY))[ACTIVITY_KEY]);
}

/** Writes every site's activity: only the worker writes it, from the whole log it keeps in memory. */
export async function writeActivity(log: Readonly<ActivityLog>): Promise<void> {
  await browser.storage.session.set({ [ACTIVITY_KEY]: log });
}

/** Calls cb with every site's activity whenever it is written. */
export function onActivityChanged(cb: (log: ActivityLog) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    const change = changes[ACTIVITY_KEY];
    if (areaName === 'session' && change) cb(activityOf(change.newValue));
  });
}

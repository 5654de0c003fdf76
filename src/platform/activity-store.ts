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
import { onStorageChanged } from './local-items';

export const ACTIVITY_KEY = 'activity';

function entriesOf(value: unknown): ActivityLog {
  const out: ActivityLog = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [domain, entry] of Object.entries(value)) {
    if (domain !== '__proto__' && isEntryOf(ActivityLogShape, domain, entry)) out[domain] = entry;
  }
  return out;
}

/** Every site's activity; anything malformed is dropped (at worst a gap is not learned from). */
export async function readActivity(): Promise<ActivityLog> {
  return entriesOf((await browser.storage.session.get(ACTIVITY_KEY))[ACTIVITY_KEY]);
}

/** Writes every site's activity: only the worker writes it, from the whole log it keeps in memory. */
export async function writeActivity(log: Readonly<ActivityLog>): Promise<void> {
  await browser.storage.session.set({ [ACTIVITY_KEY]: log });
}

/** Calls cb with every site's activity whenever it is written. */
export function onActivityChanged(cb: (log: ActivityLog) => void): () => void {
  return onStorageChanged((changes, areaName) => {
    const change = changes[ACTIVITY_KEY];
    if (areaName === 'session' && change) cb(entriesOf(change.newValue));
  });
}

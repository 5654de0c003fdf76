/**
 * The popup's first screen in storage.local (core/first-screen.ts says
 * what it holds): the worker writes it, the popup reads it with the
 * records' stamp, both checked as every stored value is.
 */
import browser from 'webextension-polyfill';
import { FIRST_SCREEN_KEY, firstScreenAt, firstScreenRecords, holdsFirstScreen, type FirstScreen } from '../core/first-screen';
import type { CookieRecord } from '../core/record-shape';
import { RECORDS_STAMP_KEY, stampAt } from '../core/stored-records';
import { readRecordsOf } from './records-store';

/**
 * The first screen and the records of its rows that still exist, in its
 * order; null when there is none or it is malformed. One read when its
 * stamp is the records' (its rows are then the records' own); else the
 * records of its ids are read after it, and a row the worker removed since
 * is left out, a changed one shows its change.
 */
export async function readFirstScreen(): Promise<{ screen: FirstScreen; records: CookieRecord[] } | null> {
  const items = await browser.storage.local.get([FIRST_SCREEN_KEY, RECORDS_STAMP_KEY]);
  const screen = firstScreenAt(items[FIRST_SCREEN_KEY]);
  if (!screen) return null;
  const current = firstScreenRecords(screen, stampAt(items[RECORDS_STAMP_KEY]));
  if (current) return { screen, records: current };
  const found = await readRecordsOf(screen.ids);
  return { screen, records: screen.ids.flatMap((id) => found.get(id) ?? []) };
}

/** Stores the first screen unless it is already what is stored (the planner also runs when nothing it shows changed: an alarm, a tab). */
export async function keepFirstScreen(next: FirstScreen): Promise<void> {
  const stored: unknown = (await browser.storage.local.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY];
  if (!holdsFirstScreen(stored, next)) await browser.storage.local.set({ [FIRST_SCREEN_KEY]: next });
}

/**
 * Where the popup of earlier versions kept the ids of its last first screen,
 * in its own page's localStorage. Nothing reads them now, and they may name
 * a site no longer watched, so the popup removes them after its first paint.
 */
export const OLD_FIRST_SCREEN_IDS_KEY = 'session-watch:first-screen-ids';

export function forgetOldFirstScreenIds(): void {
  try {
    globalThis.localStorage?.removeItem(OLD_FIRST_SCREEN_IDS_KEY);
  } catch {
    // Storage blocked for the page: nothing can have been kept there either.
  }
}

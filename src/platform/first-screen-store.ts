/**
 * The popup's first screen in storage.local (core/first-screen.ts says
 * what it holds): the worker writes it, the popup reads it and then the
 * records of its rows, both checked as every stored value is.
 */
import browser from 'webextension-polyfill';
import { FIRST_SCREEN_KEY, firstScreenAt, holdsFirstScreen, type FirstScreen } from '../core/first-screen';
import type { CookieRecord } from '../core/record-shape';
import { readRecordsOf } from './records-store';

/**
 * The first screen and the records of its rows that still exist, in its
 * order; null when there is none or it is malformed. The records of the ids
 * `hint` gives are asked for right behind the first screen, so when the hint
 * is right both come back together (a browser answers a page's calls in
 * order); the rows it missed are read after. Only the first screen's ids are
 * ever listed, so a wrong hint costs a read, never a row.
 */
export async function readFirstScreen(
  hint: () => readonly string[] = () => [],
): Promise<{ screen: FirstScreen; records: CookieRecord[] } | null> {
  const screenItems = browser.storage.local.get(FIRST_SCREEN_KEY);
  // Read while the first screen is on its way (a page's first localStorage read may wait on the browser).
  const hinted = hint();
  const [items, found] = await Promise.all([screenItems, readRecordsOf(hinted)]);
  const screen = firstScreenAt(items[FIRST_SCREEN_KEY]);
  if (!screen) return null;
  // The records as they are now: a row the worker removed since is left out, a changed one shows its change.
  const asked = new Set(hinted);
  const missed = screen.ids.filter((id) => !asked.has(id));
  for (const [id, record] of await readRecordsOf(missed)) found.set(id, record);
  return { screen, records: screen.ids.flatMap((id) => found.get(id) ?? []) };
}

/** Stores the first screen unless it is already what is stored (the planner runs often, the first screen rarely changes). */
export async function keepFirstScreen(next: FirstScreen): Promise<void> {
  const stored: unknown = (await browser.storage.local.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY];
  if (!holdsFirstScreen(stored, next)) await browser.storage.local.set({ [FIRST_SCREEN_KEY]: next });
}

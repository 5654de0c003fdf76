/**
 * The popup's first screen in storage.local (core/first-screen.ts says
 * what it holds): the worker writes it, the popup reads it and then the
 * records of its rows, both checked as every stored value is.
 */
import browser from 'webextension-polyfill';
import { FIRST_SCREEN_KEY, firstScreenAt, holdsFirstScreen, type FirstScreen } from '../core/first-screen';
import type { CookieRecord } from '../core/record-shape';
import { readRecordsOf } from './records-store';

/** The first screen and the records of its rows that still exist, in its order; null when there is none or it is malformed. */
export async function readFirstScreen(): Promise<{ screen: FirstScreen; records: CookieRecord[] } | null> {
  const screen = firstScreenAt((await browser.storage.local.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY]);
  if (!screen) return null;
  // The records as they are now: a row the worker removed since is left out, a changed one shows its change.
  const found = await readRecordsOf(screen.ids);
  return { screen, records: screen.ids.flatMap((id) => found.get(id) ?? []) };
}

/** Stores the first screen unless it is already what is stored (the planner runs often, the first screen rarely changes). */
export async function keepFirstScreen(next: FirstScreen): Promise<void> {
  const stored: unknown = (await browser.storage.local.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY];
  if (!holdsFirstScreen(stored, next)) await browser.storage.local.set({ [FIRST_SCREEN_KEY]: next });
}

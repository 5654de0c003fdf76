/**
 * The popup's hint of which rows its first screen holds (core/first-screen.ts,
 * FIRST_SCREEN_HINT_KEY), in the page's localStorage. Reading it never
 * fails: a page without localStorage, or with it blocked, has no hint.
 */
import { FIRST_SCREEN_HINT_KEY, firstScreenHintAt } from '../core/first-screen';

export function readFirstScreenHint(): string[] {
  try {
    return firstScreenHintAt(globalThis.localStorage?.getItem(FIRST_SCREEN_HINT_KEY) ?? null);
  } catch {
    return [];
  }
}

/** Remembers the ids of the first screen just read, for the next opening. */
export function keepFirstScreenHint(ids: readonly string[]): void {
  try {
    const storage = globalThis.localStorage;
    const text = JSON.stringify(ids);
    if (storage && storage.getItem(FIRST_SCREEN_HINT_KEY) !== text) storage.setItem(FIRST_SCREEN_HINT_KEY, text);
  } catch {
    // Full or blocked: the next opening reads the first screen's rows after it, as without a hint.
  }
}

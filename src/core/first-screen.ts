/**
 * The popup's first screen, kept by the worker in storage.local under
 * `firstScreen`: which rows the popup lists first (the soonest-ending ones,
 * as many as its first paint shows), the settings those rows need, and how
 * many rows the popup lists in all. The popup reads it and the records of
 * those ids only (asked for together when the ids are those of its last
 * opening, the hint below), and paints them before it reads the whole
 * store: its first paint costs the same with 50 cookies as with 5,000. It
 * holds ids, not the records, so a snapshot the worker has not caught up
 * with yet can leave a row out for a moment but never shows one the records
 * do not hold, nor a record's old data.
 */
import * as v from 'valibot';
import { asLived, type ServerKnowledge } from './lifetime';
import { siteIndex } from './matching';
import { orderRecords } from './rows';
import { isSiteSession } from './sessions';
import { WatchedDomainShape } from './settings-shape';
import type { Settings, WatchedDomain } from './settings-defaults';
import type { CookieRecord } from './types';

export const FIRST_SCREEN_KEY = 'firstScreen';
/** Rows in the popup's first paint (its FIRST_ROWS). */
export const FIRST_SCREEN_ROWS = 50;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const FirstScreenShape = v.object({
  /** The list it heads: every watched cookie (true) or the sessions only. */
  showAll: v.boolean(),
  /** The global warning lead, for the rows' statuses. */
  leadMinutes: v.number(),
  /** The watched domains the rows are listed under. */
  domains: v.array(WatchedDomainShape),
  /** Record ids in row order, at most FIRST_SCREEN_ROWS. */
  ids: v.pipe(v.array(v.string()), v.maxLength(FIRST_SCREEN_ROWS)),
  /** How many rows that list has in all, and how many cookies it leaves out. */
  listed: Count,
  hidden: Count,
});
export type FirstScreen = v.InferOutput<typeof FirstScreenShape>;

/**
 * Where the popup keeps the ids of the last first screen it read, in its own
 * page's localStorage: the only storage a page can read without waiting, so
 * the records of those rows are asked for together with the first screen
 * instead of after it. Ids only (a cookie's store, domain, path and name),
 * never a value; a guess the first screen corrects, never shown as is.
 */
export const FIRST_SCREEN_HINT_KEY = 'session-watch:first-screen-ids';

/** The ids a stored hint names, or none when it is anything but a list of ids: firstScreenHintAt('["a"]') -> ['a'] */
export function firstScreenHintAt(text: string | null): string[] {
  if (text === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  const parsed = v.safeParse(FirstScreenShape.entries.ids, raw);
  return parsed.success ? parsed.output : [];
}

/** The stored value when it is a well-formed first screen, else null: firstScreenAt({}) -> null */
export function firstScreenAt(raw: unknown): FirstScreen | null {
  const parsed = v.safeParse(FirstScreenShape, raw);
  return parsed.success ? parsed.output : null;
}

/**
 * The first screen of the popup for these records, in the popup's own order
 * (its App: ordered as each session lives, sessions only unless "Show all
 * cookies" is on); the current tab's site is not known here.
 * firstScreenOf([soon, late], settings, NO_KNOWLEDGE, now).ids -> [soon.id, late.id]
 */
export function firstScreenOf(
  records: readonly CookieRecord[],
  settings: Pick<Settings, 'domains' | 'leadMinutes' | 'showAllCookies'>,
  server: ServerKnowledge,
  now: number,
): FirstScreen {
  const watchedOf = siteIndex(settings.domains);
  const showAll = settings.showAllCookies;
  const shown = showAll ? records : records.filter((r) => isSiteSession(r, watchedOf(r)));
  const lived = shown.map((r) => asLived(r, watchedOf(r), server));
  const first = orderRecords(lived, null, settings.domains, now).slice(0, FIRST_SCREEN_ROWS);
  const domains = new Set<WatchedDomain>();
  for (const r of first) {
    const w = watchedOf(r);
    if (w) domains.add(w);
  }
  return {
    showAll,
    leadMinutes: settings.leadMinutes,
    domains: [...domains],
    ids: first.map((r) => r.id),
    listed: shown.length,
    hidden: records.length - shown.length,
  };
}

/** Whether the stored value already holds this first screen: a worker writes only a changed one. */
export function holdsFirstScreen(stored: unknown, next: FirstScreen): boolean {
  return stored !== undefined && JSON.stringify(stored) === JSON.stringify(next);
}

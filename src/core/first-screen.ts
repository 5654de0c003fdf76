/**
 * The popup's first screen, kept by the worker in storage.local under
 * `firstScreen`: which rows the popup lists first (the soonest-ending ones,
 * as many as its first paint shows), their records as stored, the settings
 * those rows need, and how many rows the popup lists in all. The popup reads
 * it with the records' stamp in one call and paints it before it reads the
 * whole store: its first paint costs the same with 50 cookies as with 5,000.
 * Its rows' records are shown only while the stamp is the one they were read
 * with, so a snapshot the worker has not caught up with yet costs a read of
 * those records, and never shows a row the records do not hold, nor a
 * record's old data.
 */
import * as v from 'valibot';
import { asLived, type ServerKnowledge } from './lifetime';
import { siteIndex } from './matching';
import { orderRecords } from './rows';
import { isSiteSession } from './sessions';
import { WatchedDomainShape } from './settings-shape';
import type { Settings, WatchedDomain } from './settings-defaults';
import { encodeRecord, recordAt, recordKey } from './stored-records';
import { isMap } from './stored-repair';
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
  /** The records of those rows as stored (core/stored-records.ts), in the same order. */
  rows: v.pipe(v.array(v.string()), v.maxLength(FIRST_SCREEN_ROWS)),
  /** The records' stamp (RECORDS_STAMP_KEY) those rows were read with; null when the records had none. */
  stamp: v.nullable(v.string()),
  /** How many rows that list has in all, and how many cookies it leaves out. */
  listed: Count,
  hidden: Count,
});
export type FirstScreen = v.InferOutput<typeof FirstScreenShape>;

/** The stored value when it is a well-formed first screen, else null: firstScreenAt({}) -> null */
export function firstScreenAt(raw: unknown): FirstScreen | null {
  const parsed = v.safeParse(FirstScreenShape, raw);
  return parsed.success ? parsed.output : null;
}

/**
 * The first screen's rows as the records hold them now, when its stamp is
 * the records' stamp `stored` (nothing was written to them since it was
 * made); null when it may be stale or a row does not read back as the
 * record of its id, and the records of its ids must be read instead.
 * firstScreenRecords(firstScreenOf([r], settings, server, now, 'a'), 'a') -> [r]
 */
export function firstScreenRecords(screen: FirstScreen, stored: string | null): CookieRecord[] | null {
  const { ids, rows, stamp } = screen;
  if (stamp === null || stamp !== stored || rows.length !== ids.length) return null;
  const records: CookieRecord[] = [];
  for (const [i, id] of ids.entries()) {
    const record = recordAt(recordKey(id), rows[i]);
    if (!record) return null;
    records.push(record);
  }
  return records;
}

/**
 * The first screen of the popup for these records, read with the records'
 * stamp `stamp`, in the popup's own order (its App: ordered as each session
 * lives, sessions only unless "Show all cookies" is on); the current tab's
 * site is not known here.
 * firstScreenOf([soon, late], settings, NO_KNOWLEDGE, now, stamp).ids -> [soon.id, late.id]
 */
export function firstScreenOf(
  records: readonly CookieRecord[],
  settings: Pick<Settings, 'domains' | 'leadMinutes' | 'showAllCookies'>,
  server: ServerKnowledge,
  now: number,
  stamp: string | null,
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
    // encodeRecord keeps a record's own fields only, not those asLived adds.
    rows: first.map(encodeRecord),
    stamp,
    listed: shown.length,
    hidden: records.length - shown.length,
  };
}

/**
 * Whether the stored value already holds this first screen: a worker writes
 * only a changed one. After a write of records the stamps differ, and that
 * answers without turning 50 records into text twice.
 */
export function holdsFirstScreen(stored: unknown, next: FirstScreen): boolean {
  return isMap(stored) && stored.stamp === next.stamp && JSON.stringify(stored) === JSON.stringify(next);
}

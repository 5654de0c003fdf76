/** The order of the popup's rows. */
import type { Lived } from './lifetime';
import { hostIsWatched, siteIndex } from './matching';
import type { WatchedDomain } from './settings-defaults';
import { endedAt } from './status';

/** 0 = still counting down, 1 = browser-session, 2 = ended. */
function rank(record: Lived, now: number): number {
  if (endedAt(record, now) !== null) return 2;
  return record.endsAt === null ? 1 : 0;
}

/**
 * The current tab's site first, then soonest end first (each record as it
 * lives, by `endsAt`); browser-session cookies after those with a countdown,
 * ended rows last (latest ending first). Ties break on site, then name, so
 * rows do not jump between renders.
 * orderRecords([late, soon], null, watched, now) -> [soon, late]
 */
export function orderRecords<R extends Lived>(
  records: readonly R[],
  currentHost: string | null,
  watched: readonly WatchedDomain[],
  now: number,
): R[] {
  const current = currentHost ? hostIsWatched(currentHost, watched)?.domain : undefined;
  const siteOf = siteIndex(watched);
  const keyed = records.map((record) => {
    const site = siteOf(record)?.domain ?? '';
    return {
      record,
      site,
      first: current !== undefined && site === current ? 0 : 1,
      rank: rank(record, now),
      end: rank(record, now) === 2 ? -(endedAt(record, now) ?? 0) : (record.endsAt ?? 0),
    };
  });
  keyed.sort(
    (a, b) =>
      a.first - b.first ||
      a.rank - b.rank ||
      a.end - b.end ||
      a.site.localeCompare(b.site) ||
      a.record.name.localeCompare(b.record.name) ||
      a.record.id.localeCompare(b.record.id),
  );
  return keyed.map((k) => k.record);
}

/** Watched cookies changed: bring their records up to date, a burst at a time. */
import { historyOfChange, type HistoryEvent } from '../core/history';
import { siteIndex } from '../core/matching';
import { applyChange, cookieId } from '../core/observe';
import { isSiteSession } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { CookieChange } from '../platform/cookies';
import { readRecordsOf, writeRecords } from '../platform/records-store';

/** A cookie change and when (ms) it reached the worker, not when its turn came. */
export interface SeenChange {
  change: CookieChange;
  at: number;
}

export interface WatcherDeps {
  /** The watched domains as of now. */
  watched(): Promise<readonly WatchedDomain[]>;
}

/**
 * Applies changes to their cookies' records, in the order they were seen:
 * every record is read once and written once, holding what applying its
 * changes one after another gives (an "overwrite" removal writes nothing and
 * the insert after it refreshes the record). Call it where no other task
 * writes records (the worker's exclusive work). Resolves to what the changes
 * mean for the history of each site's sessions, in order.
 */
export async function recordChanges(deps: WatcherDeps, seen: readonly SeenChange[]): Promise<HistoryEvent[]> {
  const ids = seen.map(({ change }) => cookieId(change.cookie));
  const [stored, watched] = await Promise.all([readRecordsOf([...new Set(ids)]), deps.watched()]);
  const current = new Map<string, CookieRecord | undefined>(stored);
  const changed = new Set<string>();
  const siteOf = siteIndex(watched);
  const events: HistoryEvent[] = [];
  seen.forEach(({ change, at }, i) => {
    const id = ids[i]!;
    const prev = current.get(id);
    const next = applyChange(prev, change, at);
    if (!next) return;
    current.set(id, next);
    changed.add(id);
    // The history tells a site's sessions; its other cookies are only kept as records.
    const w = siteOf(next);
    if (w && isSiteSession(next, w)) events.push(...historyOfChange(prev, next, 'event', w.domain, at));
  });
  const put: CookieRecord[] = [];
  for (const id of changed) {
    const record = current.get(id);
    if (record) put.push(record);
  }
  await writeRecords(put);
  return events;
}

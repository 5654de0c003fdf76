/** One watched cookie changed: bring its record up to date. */
import { historyOfChange, type HistoryEvent } from '../core/history';
import { siteFor } from '../core/matching';
import { applyChange, cookieId } from '../core/observe';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { CookieChange } from '../platform/cookies';
import type { KeyQueue } from './key-queue';

export interface WatcherDeps {
  queue: KeyQueue;
  readRecord(id: string): Promise<CookieRecord | undefined>;
  writeRecords(put: readonly CookieRecord[]): Promise<void>;
  /** The watched domains as of now. */
  watched(): Promise<readonly WatchedDomain[]>;
}

/**
 * Applies a change seen at `at` (ms) to the cookie's record, in order with
 * every other change to that cookie: an "overwrite" removal writes nothing
 * and the insert after it refreshes the record. Resolves to what the change
 * means for the site's history, for the caller to log outside the queue.
 */
export function recordChange(deps: WatcherDeps, change: CookieChange, at: number): Promise<HistoryEvent[]> {
  const id = cookieId(change.cookie);
  return deps.queue.run(id, async () => {
    const prev = await deps.readRecord(id);
    const next = applyChange(prev, change, at);
    if (!next) return [];
    await deps.writeRecords([next]);
    const w = siteFor(next, await deps.watched());
    return w ? historyOfChange(prev, next, 'event', w.domain, at) : [];
  });
}

/** One watched cookie changed: bring its record up to date. */
import { applyChange, cookieId } from '../core/observe';
import type { CookieRecord } from '../core/types';
import type { CookieChange } from '../platform/cookies';
import type { KeyQueue } from './key-queue';

export interface WatcherDeps {
  queue: KeyQueue;
  readRecord(id: string): Promise<CookieRecord | undefined>;
  writeRecords(put: readonly CookieRecord[]): Promise<void>;
}

/**
 * Applies a change seen at `at` (ms) to the cookie's record, in order with
 * every other change to that cookie: an "overwrite" removal writes nothing
 * and the insert after it refreshes the record.
 */
export function recordChange(deps: WatcherDeps, change: CookieChange, at: number): Promise<void> {
  const id = cookieId(change.cookie);
  return deps.queue.run(id, async () => {
    const next = applyChange(await deps.readRecord(id), change, at);
    if (next) await deps.writeRecords([next]);
  });
}

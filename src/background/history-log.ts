/**
 * Where the worker's history events go: each watched domain's log, appended
 * in the order the events happened, one site's appends never interleaving.
 */
import { eventsBySite, HISTORY_KEY_PREFIX, type HistoryEvent } from '../core/history';
import type { KeyQueue } from './key-queue';

export interface HistoryLogDeps {
  queue: KeyQueue;
  /** Appends each event to the log of its own site, all of them in one write. */
  appendHistoryEvents(events: readonly HistoryEvent[]): Promise<void>;
}

/**
 * Appends events behind each site's key in the queue. Work that already runs
 * alone (inside queue.exclusive) calls appendHistoryEvents itself. Never call it from
 * inside a queued task: that task would wait on another key, which can wait
 * on an exclusive task, which waits on that task.
 */
export async function logHistory(deps: HistoryLogDeps, events: readonly HistoryEvent[]): Promise<void> {
  await Promise.all(
    [...eventsBySite(events)].map(([site, list]) => deps.queue.run(HISTORY_KEY_PREFIX + site, () => deps.appendHistoryEvents(list))),
  );
}

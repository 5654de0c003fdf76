/**
 * Where the worker's history events go: each watched domain's log, appended
 * in the order the events happened, one site's appends never interleaving.
 */
import { HISTORY_KEY_PREFIX, type HistoryEvent } from '../core/history';
import type { KeyQueue } from './key-queue';

export interface HistoryLogDeps {
  queue: KeyQueue;
  /** Appends each event to the log of its own site, all of them in one write. */
  appendHistoryEvents(events: readonly HistoryEvent[]): Promise<void>;
}

function bySite(events: readonly HistoryEvent[]): Map<string, HistoryEvent[]> {
  const sites = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    const list = sites.get(e.site);
    if (list) list.push(e);
    else sites.set(e.site, [e]);
  }
  return sites;
}

/**
 * Appends events behind each site's key in the queue. Never call it from
 * inside a queued task: that task would wait on another key, which can wait
 * on an exclusive task, which waits on that task.
 */
export async function logHistory(deps: HistoryLogDeps, events: readonly HistoryEvent[]): Promise<void> {
  await Promise.all(
    [...bySite(events)].map(([site, list]) => deps.queue.run(HISTORY_KEY_PREFIX + site, () => deps.appendHistoryEvents(list))),
  );
}

/** The same for work that already runs alone (inside queue.exclusive), where nothing else can append: one write for every site. */
export async function logHistoryAlone(deps: Pick<HistoryLogDeps, 'appendHistoryEvents'>, events: readonly HistoryEvent[]): Promise<void> {
  await deps.appendHistoryEvents(events);
}

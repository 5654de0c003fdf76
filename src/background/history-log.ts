/**
 * Where the worker's history events go: each watched domain's log, appended
 * in the order the events happened, one site's appends never interleaving.
 */
import { errorText } from '../core/error-text';
import { eventsBySite, HISTORY_KEY_PREFIX, type HistoryEvent } from '../core/history';
import { appendHistoryEvents } from '../platform/history-store';
import type { KeyQueue } from './key-queue';
import type { WorkerDeps } from './worker-deps';

/**
 * Appends events behind each site's key in the queue. Work that already runs
 * alone (inside queue.exclusive) calls appendHistoryEvents itself. Never call it from
 * inside a queued task: that task would wait on another key, which can wait
 * on an exclusive task, which waits on that task.
 */
export async function logHistory(queue: KeyQueue, events: readonly HistoryEvent[]): Promise<void> {
  await Promise.all([...eventsBySite(events)].map(([site, list]) => queue.run(HISTORY_KEY_PREFIX + site, () => appendHistoryEvents(list))));
}

/**
 * Runs a write to the history; a failure is said on the console and goes no
 * further. The history is what happened, not what is: a record kept, a
 * warning given or a row cleared stands whether or not its line is written.
 */
export async function updateHistory(deps: Pick<WorkerDeps, 'warn'>, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    deps.warn(`Session Watch: could not update the history: ${errorText(e)}`);
  }
}

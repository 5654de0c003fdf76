/**
 * Cookie changes come in bursts (a login sets several cookies, a page load
 * re-sends a dozen, a sync or a test harness thousands), and each storage
 * call costs the worker far more than the change itself. A batch takes
 * every change that arrives until its turn in the queue comes: a change in
 * a quiet moment starts at once, alone, and under load a batch holds what
 * arrived while the work before it ran. No timer is involved, so an idle
 * worker has nothing pending.
 */
import type { KeyQueue } from './key-queue';

export interface Batcher<T> {
  /**
   * Adds an item to the open batch. The first item of a batch queues it
   * (alone, behind everything queued so far) and gets that run's promise;
   * the others join it and get undefined.
   */
  add(item: T): Promise<void> | undefined;
  /** Whether a batch is open, queued and not yet started: the work it does is still to come. */
  waiting(): boolean;
}

export function createBatcher<T>(queue: KeyQueue, run: (items: T[]) => Promise<void>): Batcher<T> {
  let open: T[] | undefined;
  return {
    add(item) {
      if (open) {
        open.push(item);
        return undefined;
      }
      const batch = [item];
      open = batch;
      return queue.exclusive(() => {
        // Closed as it starts: what arrives from now on is the next batch's.
        open = undefined;
        return run(batch);
      });
    },
    waiting: () => open !== undefined,
  };
}

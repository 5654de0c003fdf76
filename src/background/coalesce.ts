/**
 * Work that brings stored state in line as a whole (a scan of the cookie
 * stores, the alarms, notices and badges) is asked for by many events at
 * once: install, startup and a settings change often come together, an
 * alarm burst follows sleep, a login sets several cookies. Running it once
 * per request would repeat the same answer.
 */
import type { KeyQueue } from './key-queue';

/**
 * run behind the queue, alone, coalesced: any number of requests made before
 * a run starts share it; a request made while one runs gets a fresh run after
 * it, so every request is answered by a run that started after it was made.
 */
export function coalesced<T>(queue: KeyQueue, run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (pending) return pending;
    const next = queue.exclusive(() => {
      // Closed as it starts: a request from now on may have missed what this run reads.
      pending = undefined;
      return run();
    });
    pending = next;
    return next;
  };
}

/**
 * Per-key chains of work, for read-modify-write updates that must not
 * interleave. Each key's tail is the settlement of its last task, so a
 * failed task never stops the next one; a key whose last task has settled
 * is dropped, so the map only holds keys with work still queued.
 */
export type Tails = Map<string, Promise<void>>;

const ignore = (): void => undefined;

/**
 * Runs fn once `before` (a settlement, which never rejects) is done, and
 * makes its settlement the tail of `key` in `tails` until a later task
 * replaces it. Resolves or rejects as fn does.
 * chainTask(tails, 'k', tails.get('k') ?? Promise.resolve(), fn) -> fn's promise; tails.get('k') waits for it
 */
export function chainTask<T>(tails: Tails, key: string, before: Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  const task = before.then(fn);
  const settled = task.then(ignore, ignore);
  tails.set(key, settled);
  // `settled` never rejects; the second handler only keeps the promise from counting as left unhandled.
  settled.then(() => {
    if (tails.get(key) === settled) tails.delete(key);
  }, ignore);
  return task;
}

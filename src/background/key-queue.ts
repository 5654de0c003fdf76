/**
 * Serialises read-modify-write work. Cookie events arrive in bursts (a login
 * sets several cookies, a refresh is a removal then an insert) and each
 * handler reads a record before writing it: two handlers for one cookie
 * interleaved would lose an update.
 */
import { chainTask, type Tails } from '../core/task-chain';

export interface KeyQueue {
  /** Runs fn after every task queued before it for `key` and every exclusive task queued before it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Runs fn alone: after every task queued before it, before any queued after it. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

const ignore = (): void => undefined;

export function createKeyQueue(): KeyQueue {
  /** Per key, the settlement of its last queued task; gone once that task is done. */
  const tails: Tails = new Map();
  /** The settlement of the last exclusive task. */
  let barrier: Promise<void> = Promise.resolve();

  return {
    run(key, fn) {
      // A key's tail, when there is one, was queued after the current barrier and so already waits for it.
      return chainTask(tails, key, tails.get(key) ?? barrier, fn);
    },

    exclusive(fn) {
      const before = Promise.all([barrier, ...tails.values()]);
      // Every task queued so far is now behind the barrier; later ones wait for it.
      tails.clear();
      const task = before.then(fn);
      barrier = task.then(ignore, ignore);
      return task;
    },
  };
}

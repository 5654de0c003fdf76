/**
 * withLock('settings', fn): runs fn while no other holder of the same lock
 * runs, across the worker and every open extension page when the Web Locks
 * API is there (they share the extension's origin), within this context
 * otherwise. https://developer.mozilla.org/docs/Web/API/Web_Locks_API
 */
import { chainTask, type Tails } from '../core/task-chain';

/** Without Web Locks, this context's holders of each lock, one after another. */
const tails: Tails = new Map();

function localLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return chainTask(tails, name, tails.get(name) ?? Promise.resolve(), fn);
}

export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // DOM typings return Promise<Promise<T>> for an async callback; the runtime value is flat, `then` says so.
  if (locks) return locks.request(`session-watch:${name}`, fn).then((result) => result);
  return localLock(name, fn);
}

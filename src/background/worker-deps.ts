/**
 * What the worker and its parts take from outside: only what tests vary.
 * Everything else they reach through the platform adapters, which tests
 * replace as a whole with the in-memory browser (see vitest.config.ts).
 */
export interface WorkerDeps {
  /** The time in ms: a fake clock in tests. */
  now(): number;
  /** One line for the console. */
  warn(message: string): void;
}

/** The real clock and console, in the extension. */
export function browserDeps(): WorkerDeps {
  return { now: () => Date.now(), warn: (message) => console.warn(message) };
}

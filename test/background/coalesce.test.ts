import { describe, expect, it } from 'vitest';
import { coalesced } from '../../src/background/coalesce';
import { createKeyQueue } from '../../src/background/key-queue';
import { gate, orderAroundKeyedWork, tick } from './gate';

describe('coalesced', () => {
  it('requests made before a run starts share that run', async () => {
    const queue = createKeyQueue();
    const busy = gate();
    const before = queue.exclusive(() => busy.opened);
    let runs = 0;
    const request = coalesced(queue, () => Promise.resolve(++runs));
    const first = request();
    expect(request()).toBe(first);
    expect(request()).toBe(first);
    busy.open();
    await before;
    expect(await first).toBe(1);
    expect(runs).toBe(1);
  });

  it('a request made while a run goes on gets a fresh run after it', async () => {
    const queue = createKeyQueue();
    const slow = gate();
    const log: string[] = [];
    let runs = 0;
    const request = coalesced(queue, async () => {
      const n = ++runs;
      log.push(`start ${n}`);
      if (n === 1) await slow.opened;
      log.push(`end ${n}`);
      return n;
    });
    const first = request();
    await tick();
    const second = request();
    expect(second).not.toBe(first);
    expect(request()).toBe(second);
    slow.open();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs alone: per-key work queued before it finishes first, work queued after waits for it', async () => {
    const queue = createKeyQueue();
    const log = await orderAroundKeyedWork(queue, (log) =>
      coalesced(queue, () => {
        log.push('run');
        return Promise.resolve();
      })(),
    );
    expect(log).toEqual(['keyed before', 'run', 'keyed after']);
  });

  it('a failed run rejects its requests and the next request runs again', async () => {
    let runs = 0;
    const request = coalesced(createKeyQueue(), () => {
      runs += 1;
      return runs === 1 ? Promise.reject(new Error('storage is gone')) : Promise.resolve(runs);
    });
    await expect(request()).rejects.toThrow('storage is gone');
    await expect(request()).resolves.toBe(2);
  });
});

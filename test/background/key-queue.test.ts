import { describe, expect, it } from 'vitest';
import { createKeyQueue } from '../../src/background/key-queue';
import { gate, tick } from './gate';

describe('createKeyQueue', () => {
  it('runs tasks for one key one after another, in order', async () => {
    const q = createKeyQueue();
    const log: string[] = [];
    const g = gate();
    const a = q.run('k', async () => {
      log.push('a start');
      await g.opened;
      log.push('a end');
    });
    const b = q.run('k', async () => {
      log.push('b');
    });
    await tick();
    expect(log).toEqual(['a start']);
    g.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('runs tasks for different keys side by side', async () => {
    const q = createKeyQueue();
    const g = gate();
    const log: string[] = [];
    const a = q.run('a', async () => {
      await g.opened;
      log.push('a');
    });
    const b = q.run('b', async () => {
      log.push('b');
    });
    await b;
    expect(log).toEqual(['b']);
    g.open();
    await a;
  });

  it('an exclusive task waits for everything before it and holds back everything after it', async () => {
    const q = createKeyQueue();
    const log: string[] = [];
    const g = gate();
    const before = q.run('a', async () => {
      await g.opened;
      log.push('before');
    });
    const scan = q.exclusive(async () => {
      log.push('scan');
    });
    const after = q.run('b', async () => {
      log.push('after');
    });
    await tick();
    expect(log).toEqual([]);
    g.open();
    await Promise.all([before, scan, after]);
    expect(log).toEqual(['before', 'scan', 'after']);
  });

  it('a failed task does not stop the ones after it, and its caller sees the error', async () => {
    const q = createKeyQueue();
    const failed = q.run('k', async () => {
      throw new Error('boom');
    });
    const next = q.run('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    const scan = q.exclusive(async () => {
      throw new Error('scan failed');
    });
    await expect(scan).rejects.toThrow('scan failed');
    await expect(q.run('k', async () => 'still ok')).resolves.toBe('still ok');
  });

  it('keeps 1,000 read-modify-write updates of one value', async () => {
    const q = createKeyQueue();
    let value = 0;
    const read = async () => value;
    const write = async (v: number) => {
      // Yield between read and write, as storage does, so unserialised updates would interleave.
      await Promise.resolve();
      value = v;
    };
    await Promise.all(Array.from({ length: 1000 }, () => q.run('n', async () => write((await read()) + 1))));
    expect(value).toBe(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { latestAnswer } from '../../src/ui/latest-answer';
import { deferred } from '../fakes/deferred';

describe('latestAnswer', () => {
  it('uses only the answer of the latest read, even when an older one answers last', async () => {
    const reads = [deferred<string>(), deferred<string>()];
    let call = 0;
    const used: string[] = [];
    const start = latestAnswer(
      () => reads[call++]!.promise,
      (value) => used.push(value),
    );
    start();
    start();
    reads[1]!.resolve('new');
    reads[0]!.resolve('old');
    await Promise.all(reads.map((r) => r.promise));
    await Promise.resolve();
    expect(used).toEqual(['new']);
  });

  it('uses each answer when the reads do not overlap', async () => {
    const used: number[] = [];
    let n = 0;
    const start = latestAnswer(
      () => Promise.resolve(++n),
      (value) => used.push(value),
    );
    start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(used).toEqual([1, 2]);
  });

  it('passes a failed read to fail, and ignores it without one', async () => {
    const errors: unknown[] = [];
    latestAnswer(
      () => Promise.reject(new Error('gone')),
      () => {},
      (e) => errors.push(e),
    )();
    latestAnswer(
      () => Promise.reject(new Error('quiet')),
      () => {},
    )();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toEqual([new Error('gone')]);
  });
});

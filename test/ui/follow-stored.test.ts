import { describe, expect, it } from 'vitest';
import { followStored } from '../../src/ui/follow-stored';
import { deferred } from '../fakes/deferred';

/** A stored value's change feed, fired by the test. */
function feed<T>() {
  let listener: ((value: T) => void) | null = null;
  return {
    follow: (cb: (value: T) => void) => {
      listener = cb;
    },
    change: (value: T) => listener?.(value),
  };
}

/** followStored over a feed and a read the test answers; what it showed, in order. */
function following() {
  const changes = feed<string>();
  const read = deferred<string>();
  const shown: string[] = [];
  followStored(
    changes.follow,
    () => read.promise,
    (v) => shown.push(v),
  );
  return { changes, read, shown };
}

describe('followStored', () => {
  it('shows the read, then every change', async () => {
    const { changes, read, shown } = following();
    read.resolve('read');
    await read.promise;
    await Promise.resolve();
    changes.change('later');
    expect(shown).toEqual(['read', 'later']);
  });

  it('drops a read that answers after a change: the change is the newer', async () => {
    const { changes, read, shown } = following();
    changes.change('changed');
    read.resolve('stale');
    await read.promise;
    await Promise.resolve();
    expect(shown).toEqual(['changed']);
  });

  it('hands a failed read to fail, and still follows the changes', async () => {
    const changes = feed<string>();
    const errors: unknown[] = [];
    const shown: string[] = [];
    const broken = new Error('no storage');
    followStored(
      changes.follow,
      () => Promise.reject(broken),
      (v) => shown.push(v),
      (e) => errors.push(e),
    );
    await new Promise((r) => setTimeout(r, 0));
    changes.change('changed');
    expect(errors).toEqual([broken]);
    expect(shown).toEqual(['changed']);
  });
});

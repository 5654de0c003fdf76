import { describe, expect, it } from 'vitest';
import { deferred } from './deferred';

describe('deferred', () => {
  it('settles its promise when the test says so, with what the test gives', async () => {
    const ok = deferred<number>();
    ok.resolve(7);
    await expect(ok.promise).resolves.toBe(7);
    const failed = deferred<number>();
    failed.reject(new Error('no'));
    await expect(failed.promise).rejects.toThrow('no');
  });
});

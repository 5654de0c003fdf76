import { describe, expect, it } from 'vitest';
import { syncWriteQuota } from '../../src/core/sync-quota';

describe('syncWriteQuota', () => {
  it.each([
    [new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'), 'minute'],
    [new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.'), 'hour'],
    ['This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.', 'hour'],
    [new Error('QUOTA_BYTES quota exceeded'), null],
    [new Error('QUOTA_BYTES_PER_ITEM quota exceeded'), null],
    [undefined, null],
  ])('%s -> %s', (error, quota) => {
    expect(syncWriteQuota(error)).toBe(quota);
  });
});

/**
 * Chrome lets an extension write to storage.sync at most 120 times a minute
 * and 1,800 times an hour (every set, remove or clear counts); a write over
 * either is refused, and nothing of it is stored. Firefox has no such limit.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync-sync-MAX_WRITE_OPERATIONS_PER_MINUTE
 */
export const SYNC_WRITES_PER_MINUTE = 120;
export const SYNC_WRITES_PER_HOUR = 1800;

/**
 * Which write quota refused a storage.sync write, from the error the browser
 * gave; null for any other error.
 * syncWriteQuota(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.')) -> 'minute'
 * syncWriteQuota(new Error('QUOTA_BYTES quota exceeded')) -> null
 */
export function syncWriteQuota(error: unknown): 'minute' | 'hour' | null {
  const text = error instanceof Error ? error.message : String(error);
  if (text.includes('MAX_WRITE_OPERATIONS_PER_MINUTE')) return 'minute';
  if (text.includes('MAX_WRITE_OPERATIONS_PER_HOUR')) return 'hour';
  return null;
}

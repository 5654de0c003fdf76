import { describe, expect, it, vi } from 'vitest';
import { checkStorage, printable, type StorageRepairs } from '../../src/background/storage-check';
import type { WorkerDeps } from '../../src/background/worker-deps';
import type { Repair } from '../../src/platform/repairs-log';

/** A fixed clock and a recorded console; each stored part sound unless `over` says otherwise. */
function deps(over: Partial<StorageRepairs> = {}) {
  const warn = vi.fn<(message: string) => void>();
  const added: Repair[] = [];
  const worker: WorkerDeps = { now: () => 1_000, warn };
  const stored: StorageRepairs = {
    repairSettings: async () => ({ repairs: [], kept: null }),
    repairRecords: async () => [],
    repairHistory: async () => [],
    repairWarnings: async () => [],
    repairStoreNames: async () => [],
    repairRepairsLog: async () => [],
    addRepairs: async (list) => {
      added.push(...list);
    },
    ...over,
  };
  return { worker, stored, warn, added };
}

describe('checkStorage', () => {
  it('sound storage: no line, nothing added', async () => {
    const { worker, stored, warn, added } = deps();
    expect(await checkStorage(worker, stored)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    expect(added).toEqual([]);
  });

  it('one console line and one list entry per repair, every part checked', async () => {
    const { worker, stored, warn, added } = deps({
      repairSettings: async () => ({ repairs: [{ key: 'settings', what: 'leadMinutes: expected a whole number; using 2' }], kept: null }),
      repairRecords: async () => [{ key: 'cookie:0|a.test|/|x', what: 'expected a cookie record, got a string; removed' }],
      repairHistory: async () => [{ key: 'history:a.test', what: '1 malformed event dropped, 2 kept' }],
      repairWarnings: async () => [{ key: 'warnings', what: 'reset' }],
      repairStoreNames: async () => [{ key: 'stores', what: 'reset' }],
      repairRepairsLog: async () => [{ key: 'repairs', what: 'reset' }],
    });
    const repairs = await checkStorage(worker, stored);
    expect(repairs.map((r) => r.key)).toEqual(['repairs', 'settings', 'cookie:0|a.test|/|x', 'history:a.test', 'warnings', 'stores']);
    expect(repairs.every((r) => r.at === 1_000)).toBe(true);
    expect(added).toEqual(repairs);
    expect(warn.mock.calls.map(([line]) => line)).toEqual(repairs.map((r) => `Session Watch: repaired ${r.key}: ${r.what}`));
  });

  it('a part that cannot be checked is reported and the others still are', async () => {
    const { worker, stored, warn, added } = deps({
      repairRecords: async () => {
        throw new Error('storage unavailable');
      },
      repairWarnings: async () => [{ key: 'warnings', what: 'reset' }],
      addRepairs: async () => {
        throw new Error('QUOTA_BYTES quota exceeded');
      },
    });
    await expect(checkStorage(worker, stored)).resolves.toHaveLength(1);
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      'Session Watch: could not check the cookie records: storage unavailable',
      'Session Watch: repaired warnings: reset',
      'Session Watch: could not keep the list of repairs: QUOTA_BYTES quota exceeded',
    ]);
    expect(added).toEqual([]);
  });

  it('settings left as stored are read with defaults and said so, but not listed as repaired', async () => {
    const { worker, stored, warn, added } = deps({
      repairSettings: async () => ({
        repairs: [{ key: 'settings', what: 'schemaVersion: expected 1 (number); read as version 1' }],
        kept: 'newer-version',
      }),
    });
    expect(await checkStorage(worker, stored)).toEqual([]);
    expect(added).toEqual([]);
    expect(warn.mock.calls).toEqual([
      [
        'Session Watch: read settings with a default: schemaVersion: expected 1 (number); read as version 1 (left as stored: a later version of Session Watch wrote them)',
      ],
    ]);
  });

  it('a key carrying a hostile cookie name cannot break or reorder the console line', async () => {
    const { worker, stored, warn } = deps({
      repairRecords: async () => [{ key: 'cookie:0|a.test|/|evil\u202e\n\u0000\u001b[31m', what: 'removed' }],
    });
    await checkStorage(worker, stored);
    expect(warn.mock.calls[0]?.[0]).toBe('Session Watch: repaired cookie:0|a.test|/|evil\\u202e\\u000a\\u0000\\u001b[31m: removed');
  });
});

describe('printable', () => {
  it.each([
    ['plain text', 'plain text'],
    ['tab\tand\r\n', 'tab\\u0009and\\u000d\\u000a'],
    ['rlo\u202Eiso\u2066pdi\u2069', 'rlo\\u202eiso\\u2066pdi\\u2069'],
    ['del\u007fc1\u0085', 'del\\u007fc1\\u0085'],
    ['emoji 🍪 and <b>markup</b>', 'emoji 🍪 and <b>markup</b>'],
  ])('%j', (text, shown) => {
    expect(printable(text)).toBe(shown);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_PER_SITE, type HistoryEvent } from '../../src/core/history';
import { appendHistory, clearHistory, onHistoryChanged, readHistory, trimHistory } from '../../src/platform/history-store';
import { readRecords, writeRecords } from '../../src/platform/storage';
import browser, { resetBrowser } from '../fakes/browser';

const ev = (at: number, site = 'example.com', kind: HistoryEvent['kind'] = 'logged-in', name = 'sessionid'): HistoryEvent => ({
  at, site, kind, name, storeId: '0',
});

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetBrowser());

describe('the history store', () => {
  it('keeps one key per site and reads one site or all, oldest first', async () => {
    await appendHistory('example.com', [ev(30), ev(10, 'example.com', 'refreshed')]);
    await appendHistory('other.org', [ev(20, 'other.org')]);
    expect(Object.keys(browser.storage.local.snapshot()).sort()).toEqual(['history:example.com', 'history:other.org']);
    expect((await readHistory('example.com')).map((e) => e.at)).toEqual([10, 30]);
    expect((await readHistory()).map((e) => [e.at, e.site])).toEqual([[10, 'example.com'], [20, 'other.org'], [30, 'example.com']]);
    expect(await readHistory('nowhere.net')).toEqual([]);
  });

  it('coalesces refreshes within a minute and bounds each site', async () => {
    await appendHistory('example.com', [ev(0, 'example.com', 'refreshed'), ev(10_000, 'example.com', 'refreshed')]);
    expect(await readHistory('example.com')).toEqual([ev(10_000, 'example.com', 'refreshed')]);
    await appendHistory('example.com', Array.from({ length: HISTORY_PER_SITE + 5 }, (_, i) => ev(100_000 + i, 'example.com', 'warned')));
    const log = await readHistory('example.com');
    expect(log).toHaveLength(HISTORY_PER_SITE);
    expect(log[0]?.at).toBe(100_005);
  });

  it('serialises appends: none is lost', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendHistory(i % 2 ? 'a.test' : 'b.test', [ev(i, i % 2 ? 'a.test' : 'b.test', 'warned')])));
    expect(await readHistory()).toHaveLength(30);
  });

  it('drops malformed stored events', async () => {
    await browser.storage.local.set({ 'history:example.com': [ev(1), { at: 'soon' }, null, ev(2)], 'history:bad.test': 'nope' });
    expect((await readHistory()).map((e) => e.at)).toEqual([1, 2]);
  });

  it('trims the oldest events across sites to the total cap', async () => {
    await appendHistory('a.test', [ev(1, 'a.test'), ev(4, 'a.test', 'warned')]);
    await appendHistory('b.test', [ev(2, 'b.test'), ev(3, 'b.test', 'warned')]);
    await trimHistory(2);
    expect((await readHistory()).map((e) => [e.site, e.at])).toEqual([['b.test', 3], ['a.test', 4]]);
    await trimHistory(1);
    expect(Object.keys(browser.storage.local.snapshot())).toEqual(['history:a.test']);
  });

  it('clears one site or all, says how many events went, and leaves records alone', async () => {
    await writeRecords([{
      id: '0|example.com|/|s', name: 's', domain: 'example.com', path: '/', storeId: '0', hostOnly: true, secure: true,
      httpOnly: true, sameSite: 'lax', expiresAt: null, firstSeen: 1, lastRefreshed: 1, ended: null,
    }]);
    await appendHistory('a.test', [ev(1, 'a.test'), ev(2, 'a.test', 'warned')]);
    await appendHistory('b.test', [ev(3, 'b.test')]);
    expect(await clearHistory('a.test')).toBe(2);
    expect(await clearHistory('a.test')).toBe(0);
    expect(await clearHistory()).toBe(1);
    expect(await readHistory()).toEqual([]);
    expect(await readRecords()).toHaveLength(1);
  });

  it('onHistoryChanged names the sites whose history changed', async () => {
    const cb = vi.fn();
    const off = onHistoryChanged(cb);
    await appendHistory('a.test', [ev(1, 'a.test')]);
    await browser.storage.local.set({ unrelated: 1 });
    await flush();
    expect(cb.mock.calls).toEqual([[['a.test']]]);
    await clearHistory();
    await flush();
    expect(cb).toHaveBeenLastCalledWith(['a.test']);
    off();
    await appendHistory('a.test', [ev(2, 'a.test')]);
    await flush();
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('without getKeys (Firefox, Chromium before 130) everything is read and filtered', async () => {
    const area = browser.storage.local as unknown as { getKeys?: unknown };
    const getKeys = area.getKeys;
    area.getKeys = undefined;
    try {
      await appendHistory('a.test', [ev(1, 'a.test')]);
      await writeRecords([{
        id: '0|a.test|/|s', name: 's', domain: 'a.test', path: '/', storeId: '0', hostOnly: true, secure: true,
        httpOnly: true, sameSite: 'lax', expiresAt: null, firstSeen: 1, lastRefreshed: 1, ended: null,
      }]);
      expect((await readRecords()).map((r) => r.id)).toEqual(['0|a.test|/|s']);
      expect(await readHistory()).toEqual([ev(1, 'a.test')]);
    } finally {
      area.getKeys = getKeys;
    }
  });

  it('records are read without the history where the browser can list keys', async () => {
    await appendHistory('a.test', Array.from({ length: 50 }, (_, i) => ev(i * 120_000, 'a.test', 'warned')));
    const get = vi.spyOn(browser.storage.local, 'get');
    await readRecords();
    expect(get.mock.calls.every(([keys]) => Array.isArray(keys) || keys === undefined)).toBe(true);
    expect(get).not.toHaveBeenCalledWith(null);
    get.mockRestore();
  });
});

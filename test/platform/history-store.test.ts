import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_PER_SITE, HISTORY_TOTAL, type HistoryEvent } from '../../src/core/history';
import {
  appendHistoryEvents,
  clearHistory,
  HISTORY_COUNT_KEY,
  onHistoryChanged,
  readHistory,
  repairHistory,
  trimHistory,
} from '../../src/platform/history-store';
import { readRecords, writeRecords } from '../../src/platform/records-store';
import browser, { resetBrowser } from '../fakes/browser';
import { cookieRecordOf } from '../fakes/records';

const ev = (at: number, site = 'example.com', kind: HistoryEvent['kind'] = 'logged-in', name = 'sessionid'): HistoryEvent => ({
  at,
  site,
  kind,
  name,
  storeId: '0',
});

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const historyKeys = () =>
  Object.keys(browser.storage.local.snapshot())
    .filter((k) => k.startsWith('history:'))
    .sort();

beforeEach(() => resetBrowser());
afterEach(() => vi.restoreAllMocks());

describe('the history store', () => {
  it('keeps one key per site and reads one site or all, oldest first', async () => {
    await appendHistoryEvents([ev(30), ev(10, 'example.com', 'refreshed')]);
    await appendHistoryEvents([ev(20, 'other.org')]);
    expect(historyKeys()).toEqual(['history:example.com', 'history:other.org']);
    expect((await readHistory('example.com')).map((e) => e.at)).toEqual([10, 30]);
    expect((await readHistory()).map((e) => [e.at, e.site])).toEqual([
      [10, 'example.com'],
      [20, 'other.org'],
      [30, 'example.com'],
    ]);
    expect(await readHistory('nowhere.net')).toEqual([]);
  });

  it('coalesces refreshes within a minute and bounds each site', async () => {
    await appendHistoryEvents([ev(0, 'example.com', 'refreshed'), ev(10_000, 'example.com', 'refreshed')]);
    expect(await readHistory('example.com')).toEqual([ev(10_000, 'example.com', 'refreshed')]);
    await appendHistoryEvents(Array.from({ length: HISTORY_PER_SITE + 5 }, (_, i) => ev(100_000 + i, 'example.com', 'warned')));
    const log = await readHistory('example.com');
    expect(log).toHaveLength(HISTORY_PER_SITE);
    expect(log[0]?.at).toBe(100_005);
  });

  it('appends the events of many sites, each to its own log, with one read and one write', async () => {
    await appendHistoryEvents([ev(1, 'a.test')]);
    const get = vi.spyOn(browser.storage.local, 'get');
    const set = vi.spyOn(browser.storage.local, 'set');
    await appendHistoryEvents([ev(2, 'b.test'), ev(3, 'a.test', 'refreshed'), ev(4, 'b.test', 'logged-out'), ev(5, 'a.test', 'refreshed')]);
    expect(get).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledTimes(1);
    expect((await readHistory('a.test')).map((e) => [e.kind, e.at])).toEqual([
      ['logged-in', 1],
      ['refreshed', 5],
    ]);
    expect((await readHistory('b.test')).map((e) => [e.kind, e.at])).toEqual([
      ['logged-in', 2],
      ['logged-out', 4],
    ]);
    expect(browser.storage.local.snapshot()[HISTORY_COUNT_KEY]).toBe(4);
    get.mockClear();
    await appendHistoryEvents([]);
    expect(get).not.toHaveBeenCalled();
  });

  it('serialises appends: none is lost', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendHistoryEvents([ev(i, i % 2 ? 'a.test' : 'b.test', 'warned')])));
    expect(await readHistory()).toHaveLength(30);
  });

  it('drops malformed stored events', async () => {
    await browser.storage.local.set({ 'history:example.com': [ev(1), { at: 'soon' }, null, ev(2)], 'history:bad.test': 'nope' });
    expect((await readHistory()).map((e) => e.at)).toEqual([1, 2]);
  });

  it('trims the oldest events across sites to the total cap', async () => {
    await appendHistoryEvents([ev(1, 'a.test'), ev(4, 'a.test', 'warned')]);
    await appendHistoryEvents([ev(2, 'b.test'), ev(3, 'b.test', 'warned')]);
    await trimHistory(2);
    expect((await readHistory()).map((e) => [e.site, e.at])).toEqual([
      ['b.test', 3],
      ['a.test', 4],
    ]);
    await trimHistory(1);
    expect(historyKeys()).toEqual(['history:a.test']);
  });

  it('clears one site or all, says how many events went, and leaves records alone', async () => {
    await writeRecords([cookieRecordOf('s', 'example.com')]);
    await appendHistoryEvents([ev(1, 'a.test'), ev(2, 'a.test', 'warned')]);
    await appendHistoryEvents([ev(3, 'b.test')]);
    expect(await clearHistory('a.test')).toBe(2);
    expect(await clearHistory('a.test')).toBe(0);
    expect(await clearHistory()).toBe(1);
    expect(await readHistory()).toEqual([]);
    expect(await readRecords()).toHaveLength(1);
  });

  it('onHistoryChanged names the sites whose history changed', async () => {
    const cb = vi.fn();
    const off = onHistoryChanged(cb);
    await appendHistoryEvents([ev(1, 'a.test')]);
    await browser.storage.local.set({ unrelated: 1 });
    await flush();
    expect(cb.mock.calls).toEqual([[['a.test']]]);
    await clearHistory();
    await flush();
    expect(cb).toHaveBeenLastCalledWith(['a.test']);
    off();
    await appendHistoryEvents([ev(2, 'a.test')]);
    await flush();
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('without getKeys (Firefox, Chromium before 130) everything is read and filtered', async () => {
    const area = browser.storage.local as unknown as { getKeys?: unknown };
    const getKeys = area.getKeys;
    area.getKeys = undefined;
    try {
      await appendHistoryEvents([ev(1, 'a.test')]);
      await writeRecords([cookieRecordOf('s', 'a.test')]);
      expect((await readRecords()).map((r) => r.id)).toEqual(['0|a.test|/|s']);
      expect(await readHistory()).toEqual([ev(1, 'a.test')]);
    } finally {
      area.getKeys = getKeys;
    }
  });

  it('records are read without the history where the browser can list keys', async () => {
    await appendHistoryEvents(Array.from({ length: 50 }, (_, i) => ev(i * 120_000, 'a.test', 'warned')));
    const get = vi.spyOn(browser.storage.local, 'get');
    await readRecords();
    expect(get.mock.calls.every(([keys]) => Array.isArray(keys) || keys === undefined)).toBe(true);
    expect(get).not.toHaveBeenCalledWith(null);
    get.mockRestore();
  });
});

describe('the total bound', () => {
  const count = () => browser.storage.local.snapshot()[HISTORY_COUNT_KEY];
  const total = async () => (await readHistory()).length;

  it('keeps a running count, so an append reads only its own site', async () => {
    await appendHistoryEvents([ev(1, 'a.test')]);
    await appendHistoryEvents([ev(2, 'b.test'), ev(3, 'b.test', 'warned')]);
    expect(count()).toBe(3);
    const get = vi.spyOn(browser.storage.local, 'get');
    const getKeys = vi.spyOn(browser.storage.local, 'getKeys');
    await appendHistoryEvents([ev(4, 'a.test', 'warned')]);
    expect(get.mock.calls).toEqual([[['history:a.test', HISTORY_COUNT_KEY]]]);
    expect(getKeys).not.toHaveBeenCalled();
    expect(count()).toBe(4);
    get.mockRestore();
    getKeys.mockRestore();
    // A coalesced refresh adds no line, and no count.
    await appendHistoryEvents([ev(100_000, 'a.test', 'refreshed'), ev(110_000, 'a.test', 'refreshed')]);
    expect(count()).toBe(5);
  });

  it('holds on every append, not only on a scan: past the cap the oldest go, across sites', async () => {
    const sites = Array.from({ length: 30 }, (_, i) => `s${i}.test`);
    let at = 0;
    const stored = async () => (await browser.storage.local.get(HISTORY_COUNT_KEY))[HISTORY_COUNT_KEY];
    let most = 0;
    // 30 sites x 180 events: 5,400 appended, each site within its own cap.
    for (let round = 0; round < 180; round++) {
      for (const site of sites) {
        await appendHistoryEvents([ev(++at * 1000, site, round % 2 ? 'logged-out' : 'logged-in')]);
        most = Math.max(most, Number(await stored()));
      }
    }
    expect(most).toBe(HISTORY_TOTAL);
    expect(await total()).toBe(count());
    expect(await total()).toBeLessThanOrEqual(HISTORY_TOTAL);
    expect(await total()).toBeGreaterThan(HISTORY_TOTAL - HISTORY_TOTAL / 10 - 1);
    // The newest event of every site is kept.
    for (const site of sites) expect((await readHistory(site)).at(-1)?.at).toBeGreaterThan((at - sites.length) * 1000);
  }, 30_000);

  it('counts again when the count is missing or broken, and clearing keeps it right', async () => {
    await browser.storage.local.set({ 'history:a.test': [ev(1, 'a.test'), ev(2, 'a.test', 'warned')], [HISTORY_COUNT_KEY]: 'many' });
    await appendHistoryEvents([ev(3, 'b.test')]);
    expect(count()).toBe(3);
    expect(await clearHistory('a.test')).toBe(2);
    expect(count()).toBe(1);
    expect(await clearHistory()).toBe(1);
    expect(count()).toBeUndefined();
  });

  it('trimHistory counts exactly and writes the count only when it changed', async () => {
    await appendHistoryEvents([ev(1, 'a.test')]);
    const set = vi.spyOn(browser.storage.local, 'set');
    await trimHistory();
    expect(set).not.toHaveBeenCalled();
    set.mockRestore();
  });
});

describe('repairing the history', () => {
  it('keeps every valid event and writes nothing when all logs are sound', async () => {
    await appendHistoryEvents([ev(1, 'a.test'), ev(2, 'a.test', 'warned')]);
    const before = JSON.stringify(browser.storage.local.snapshot());
    expect(await repairHistory()).toEqual([]);
    expect(JSON.stringify(browser.storage.local.snapshot())).toBe(before);
  });

  it.each([
    ['a string', 'SECRET'],
    ['a number', 7],
    ['null', null],
    ['an object', { 0: ev(1) }],
  ])('removes a log that is %s', async (type, value) => {
    await browser.storage.local.set({ 'history:example.com': value, 'history:kept.test': [ev(1, 'kept.test')] });
    expect(await repairHistory()).toEqual([{ key: 'history:example.com', what: `expected a list of events, got ${type}; removed` }]);
    expect(Object.keys(browser.storage.local.snapshot()).sort()).toEqual(['history:kept.test', HISTORY_COUNT_KEY]);
    expect(browser.storage.local.snapshot()[HISTORY_COUNT_KEY]).toBe(1);
  });

  it('drops malformed events and fields an event does not have, keeping the valid ones in order', async () => {
    const valid = [ev(5), ev(3, 'example.com', 'warned'), { ...ev(9, 'example.com', 'future-kind' as 'warned') }];
    await browser.storage.local.set({
      'history:example.com': [
        valid[0],
        'SECRET',
        null,
        42,
        [ev(1)],
        { at: 'soon' },
        ev(4, 'other.test'),
        ev(Number.MAX_VALUE),
        valid[1],
        JSON.parse('{"__proto__": {"at": 1}}') as unknown,
        { ...ev(8), value: 'SECRET-VALUE' },
        valid[2],
      ],
    });
    const repairs = await repairHistory();
    expect(repairs).toEqual([{ key: 'history:example.com', what: '8 malformed events dropped, 4 kept; unexpected field value dropped' }]);
    expect(browser.storage.local.snapshot()['history:example.com']).toEqual([valid[0], valid[1], ev(8), valid[2]]);
    expect(JSON.stringify(browser.storage.local.snapshot())).not.toContain('SECRET');
  });

  it('removes a log with nothing valid left, and says when the count was garbage', async () => {
    await browser.storage.local.set({ 'history:a.test': [null], [HISTORY_COUNT_KEY]: { n: 1 } });
    expect(await repairHistory()).toEqual([
      { key: 'history:a.test', what: '1 malformed event dropped, 0 kept' },
      { key: HISTORY_COUNT_KEY, what: 'expected a count of events, got an object; counted again' },
    ]);
    expect(browser.storage.local.snapshot()).toEqual({ [HISTORY_COUNT_KEY]: 0 });
  });

  it('a site named __proto__ is only a name', async () => {
    await browser.storage.local.set({ 'history:__proto__': [ev(1, '__proto__')] });
    expect(await repairHistory()).toEqual([]);
    expect(await readHistory()).toEqual([ev(1, '__proto__')]);
  });
});

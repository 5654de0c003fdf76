import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, SETTINGS_KEY } from '../../src/core/settings-defaults';
import { RECORDS_STAMP_KEY } from '../../src/core/stored-records';
import type { CookieRecord } from '../../src/core/types';
import {
  onRecordsChanged,
  readRecord,
  readRecords,
  readRecordsOf,
  readStampedRecords,
  removeRecords,
  repairRecords,
  writeRecords,
} from '../../src/platform/records-store';
import { onSettingsChanged, readSettings, repairSettings, updateSettings } from '../../src/platform/settings-store';
import browser, { resetBrowser } from '../fakes/browser';
import { cookieRecordOf } from '../fakes/records';

const record = (name: string, over: Partial<CookieRecord> = {}): CookieRecord =>
  cookieRecordOf(name, 'example.com', {
    expiresAt: 1_000_000,
    firstSeen: 1,
    lastRefreshed: 2,
    refreshes: 0,
    grantMs: 999_998,
    tokenExpiresAt: null,
    ...over,
  });

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetBrowser());
afterEach(() => vi.restoreAllMocks());

describe('settings', () => {
  it('reads the defaults when nothing is stored', async () => {
    expect(await readSettings()).toEqual({ settings: DEFAULTS, errors: [] });
  });

  it('repairs a bad stored value and says what was wrong', async () => {
    await browser.storage.sync.set({ [SETTINGS_KEY]: { leadMinutes: 0, domains: [] } });
    const { settings, errors } = await readSettings();
    expect(settings.leadMinutes).toBe(DEFAULTS.leadMinutes);
    expect(errors.join()).toMatch(/leadMinutes/);
  });

  it('serialises concurrent updates: none is lost', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateSettings((s) => ({
          ...s,
          domains: [...s.domains, { domain: `d${i}.org`, site: `d${i}.org`, leadMinutes: null, warnings: true }],
        })),
      ),
    );
    expect((await readSettings()).settings.domains).toHaveLength(20);
  });

  it('writes nothing when the update returns the same settings', async () => {
    const set = vi.spyOn(browser.storage.sync, 'set');
    await updateSettings((s) => s);
    expect(set).not.toHaveBeenCalled();
  });

  it('an update that throws writes nothing and lets the next one run', async () => {
    await expect(
      updateSettings(() => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    await updateSettings((s) => ({ ...s, leadMinutes: 5 }));
    expect((await readSettings()).settings.leadMinutes).toBe(5);
  });

  it('onSettingsChanged reports a failed read of chunked settings instead of leaving it unhandled', async () => {
    const cb = vi.fn();
    const onError = vi.fn();
    const off = onSettingsChanged(cb, onError);
    vi.spyOn(browser.storage.sync, 'get').mockRejectedValue(new Error('sync unavailable'));
    await browser.storage.sync.set({ 'settings.domains.0': [] });
    await flush();
    expect(cb).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(new Error('sync unavailable'));
    off();
  });

  it('onSettingsChanged hears sync changes only, validated, until unsubscribed', async () => {
    const cb = vi.fn();
    const off = onSettingsChanged(cb);
    await browser.storage.local.set({ [SETTINGS_KEY]: { leadMinutes: 9 } });
    await browser.storage.sync.set({ other: 1 });
    await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, leadMinutes: 9 } });
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb).toHaveBeenCalledWith({ ...DEFAULTS, leadMinutes: 9 }, []);
    await browser.storage.sync.remove(SETTINGS_KEY);
    await flush();
    expect(cb).toHaveBeenLastCalledWith(DEFAULTS, []);
    off();
    await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, leadMinutes: 3 } });
    await flush();
    expect(cb).toHaveBeenCalledTimes(2);
  });
});

describe('records', () => {
  it('round-trips records under cookie:<id>', async () => {
    await writeRecords([record('a'), record('b')]);
    expect(Object.keys(browser.storage.local.snapshot()).sort()).toEqual([
      'cookie:0|example.com|/|a',
      'cookie:0|example.com|/|b',
      RECORDS_STAMP_KEY,
    ]);
    expect((await readRecords()).map((r) => r.name).sort()).toEqual(['a', 'b']);
    expect(await readRecord(record('a').id)).toEqual(record('a'));
    expect(await readRecord('0|example.com|/|nope')).toBeUndefined();
    await removeRecords([record('a').id]);
    expect((await readRecords()).map((r) => r.name)).toEqual(['b']);
  });

  it('reads the records of many ids with one get, leaving out ids without a well-formed record', async () => {
    await writeRecords([record('a'), record('b'), record('c')]);
    await browser.storage.local.set({ 'cookie:0|example.com|/|bad': { id: '0|example.com|/|bad', name: 'bad' } });
    const get = vi.spyOn(browser.storage.local, 'get');
    const found = await readRecordsOf([record('a').id, record('c').id, '0|example.com|/|bad', '0|example.com|/|nope']);
    expect(get).toHaveBeenCalledTimes(1);
    expect([...found.keys()]).toEqual([record('a').id, record('c').id]);
    expect(found.get(record('c').id)).toEqual(record('c'));
    get.mockClear();
    expect((await readRecordsOf([])).size).toBe(0);
    expect(get).not.toHaveBeenCalled();
  });

  it('stores only the record fields, whatever else the object carries', async () => {
    const carrying = { ...record('a'), value: 'secret-token' } as CookieRecord;
    await writeRecords([carrying]);
    expect(JSON.stringify(browser.storage.local.snapshot())).not.toContain('secret-token');
  });

  it('skips malformed stored records and other keys', async () => {
    await browser.storage.local.set({
      'cookie:0|example.com|/|bad': { id: '0|example.com|/|bad', name: 'bad' },
      'cookie:wrong-key': record('c'),
      'cookie:0|example.com|/|ended': record('ended', { ended: { cause: 'vanished' as 'missing', at: 1 } }),
      unrelated: record('d'),
    });
    await writeRecords([record('ok', { ended: { cause: 'logged-out', at: 5 } })]);
    expect((await readRecords()).map((r) => r.name)).toEqual(['ok']);
    expect(await readRecord('0|example.com|/|bad')).toBeUndefined();
  });

  it('writes a new stamp with every write, in the same call, and before every removal', async () => {
    const stamp = () => browser.storage.local.snapshot()[RECORDS_STAMP_KEY];
    const set = vi.spyOn(browser.storage.local, 'set');
    const remove = vi.spyOn(browser.storage.local, 'remove');
    await writeRecords([record('a'), record('b')]);
    const written = stamp();
    expect(typeof written === 'string' && written !== '').toBe(true);
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0]).sort()).toEqual(['cookie:0|example.com|/|a', 'cookie:0|example.com|/|b', RECORDS_STAMP_KEY]);

    set.mockClear();
    await removeRecords([record('a').id]);
    expect(stamp()).not.toBe(written);
    expect(set.mock.calls.map(([items]) => Object.keys(items))).toEqual([[RECORDS_STAMP_KEY]]);
    expect(set.mock.invocationCallOrder[0]).toBeLessThan(remove.mock.invocationCallOrder[0]!);

    const removed = stamp();
    await writeRecords([record('a')]);
    expect(stamp()).not.toBe(removed);
  });

  it.each(['chromium', 'firefox'] as const)('reads the records and their stamp in one call (%s)', async (mode) => {
    resetBrowser({ mode });
    expect(await readStampedRecords()).toEqual({ records: [], stamp: null });
    await writeRecords([record('a')]);
    const get = vi.spyOn(browser.storage.local, 'get');
    const { records, stamp } = await readStampedRecords();
    expect(get).toHaveBeenCalledTimes(1);
    expect(records).toEqual([record('a')]);
    expect(stamp).toBe(browser.storage.local.snapshot()[RECORDS_STAMP_KEY]);
    await browser.storage.local.set({ [RECORDS_STAMP_KEY]: 5 });
    expect((await readStampedRecords()).stamp).toBeNull();
  });

  it('writes and removes nothing for empty lists', async () => {
    const set = vi.spyOn(browser.storage.local, 'set');
    const remove = vi.spyOn(browser.storage.local, 'remove');
    await writeRecords([]);
    await removeRecords([]);
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
  });

  it('onRecordsChanged reports written and removed records', async () => {
    const cb = vi.fn();
    onRecordsChanged(cb);
    await writeRecords([record('a')]);
    await flush();
    expect(cb).toHaveBeenLastCalledWith({ put: [record('a')], removed: [] });
    await removeRecords([record('a').id]);
    await flush();
    expect(cb).toHaveBeenLastCalledWith({ put: [], removed: [record('a').id] });
    await browser.storage.local.set({ unrelated: 1 });
    await browser.storage.sync.set({ 'cookie:x': record('x') });
    await flush();
    expect(cb).toHaveBeenCalledTimes(2);
  });
});

describe('the storage fake', () => {
  it('hands out copies: changing what was read or written does not change the store', async () => {
    const value = { list: [1, 2] };
    await browser.storage.local.set({ k: value });
    value.list.push(3);
    const read = await browser.storage.local.get('k');
    (read.k as { list: number[] }).list.push(4);
    expect(browser.storage.local.snapshot()).toEqual({ k: { list: [1, 2] } });
  });

  it('get takes null, a key, keys, or defaults', async () => {
    await browser.storage.local.set({ a: 1, b: 2 });
    expect(await browser.storage.local.get(null)).toEqual({ a: 1, b: 2 });
    expect(await browser.storage.local.get('a')).toEqual({ a: 1 });
    expect(await browser.storage.local.get(['a', 'zz'])).toEqual({ a: 1 });
    expect(await browser.storage.local.get({ a: 0, zz: 9 })).toEqual({ a: 1, zz: 9 });
  });

  it('reports oldValue and newValue, per area and globally', async () => {
    const global = vi.fn();
    const local = vi.fn();
    browser.storage.onChanged.addListener(global);
    browser.storage.local.onChanged.addListener(local);
    await browser.storage.local.set({ a: 1 });
    await browser.storage.local.set({ a: 2 });
    await browser.storage.local.remove('a');
    await browser.storage.local.remove('a');
    await flush();
    expect(global.mock.calls).toEqual([
      [{ a: { newValue: 1 } }, 'local'],
      [{ a: { oldValue: 1, newValue: 2 } }, 'local'],
      [{ a: { oldValue: 2 } }, 'local'],
    ]);
    expect(local).toHaveBeenCalledTimes(3);
  });

  it('Chromium reports only values that changed; Firefox every key written', async () => {
    for (const [mode, expected] of [
      ['chromium', 1],
      ['firefox', 2],
    ] as const) {
      resetBrowser({ mode });
      const cb = vi.fn();
      browser.storage.onChanged.addListener(cb);
      await browser.storage.local.set({ a: 1 });
      await browser.storage.local.set({ a: 1 });
      await flush();
      expect(cb).toHaveBeenCalledTimes(expected);
    }
  });

  it('enforces the storage.sync item quota', async () => {
    await expect(browser.storage.sync.set({ big: 'x'.repeat(9000) })).rejects.toThrow(/QUOTA_BYTES_PER_ITEM/);
    await expect(browser.storage.local.set({ big: 'x'.repeat(9000) })).resolves.toBeUndefined();
  });

  it('Chromium stores JSON: a Map comes back as {}', async () => {
    await browser.storage.local.set({ m: new Map([[1, 2]]) });
    expect((await browser.storage.local.get('m')).m).toEqual({});
  });
});

describe('settings beyond one storage.sync item', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      domain: `watched-site-${i}.example.com`,
      site: 'example.com',
      leadMinutes: null,
      warnings: true,
    }));

  it('saves 500 watched domains within the quotas and reads them back', async () => {
    const saved = await updateSettings((s) => ({ ...s, domains: many(500) }));
    expect(saved.domains).toHaveLength(500);
    expect(await readSettings()).toEqual({ settings: { ...DEFAULTS, domains: many(500) }, errors: [] });
    const items = Object.keys(await browser.storage.sync.get(null));
    expect(items.length).toBeGreaterThan(1);
  });

  it('tells listeners about a change to one domain among many', async () => {
    await updateSettings((s) => ({ ...s, domains: many(500) }));
    const seen: number[] = [];
    const off = onSettingsChanged((s) => seen.push(s.domains.filter((d) => d.leadMinutes === 7).length));
    await updateSettings((s) => ({ ...s, domains: s.domains.map((d, i) => (i === 321 ? { ...d, leadMinutes: 7 } : d)) }));
    await flush();
    await flush();
    off();
    expect(seen).toEqual([1]);
  });

  it('goes back to one item, removing the chunks, when the list shrinks', async () => {
    await updateSettings((s) => ({ ...s, domains: many(500) }));
    await updateSettings((s) => ({ ...s, domains: many(2) }));
    expect(Object.keys(await browser.storage.sync.get(null))).toEqual([SETTINGS_KEY]);
    expect((await readSettings()).settings.domains).toEqual(many(2));
  });
});

describe('repairing records', () => {
  const key = (r: { id: string }) => `cookie:${r.id}`;

  it('keeps every well-formed record exactly and writes nothing when all are sound', async () => {
    const sound = [
      record('a'),
      record('b', { ended: { cause: 'missing', at: 9 }, partition: 'https://top.example', id: '0|example.com|/|b|https://top.example' }),
    ];
    await writeRecords(sound);
    const before = JSON.stringify(browser.storage.local.snapshot());
    const set = vi.spyOn(browser.storage.local, 'set');
    const remove = vi.spyOn(browser.storage.local, 'remove');
    expect(await repairRecords()).toEqual([]);
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    expect(JSON.stringify(browser.storage.local.snapshot())).toBe(before);
  });

  it('stores records as JSON text, and writes back as text one an earlier version stored as an object, reporting no repair', async () => {
    await writeRecords([record('a')]);
    expect(browser.storage.local.snapshot()[key(record('a'))]).toBe(JSON.stringify(record('a')));
    await browser.storage.local.set({ [key(record('old'))]: record('old') });
    expect(await repairRecords()).toEqual([]);
    expect(browser.storage.local.snapshot()[key(record('old'))]).toBe(JSON.stringify(record('old')));
    expect(await readRecords()).toEqual([record('a'), record('old')]);
  });

  it.each([
    ['text that is not JSON', 'SECRET-garbage', /expected a cookie record, got text that is not JSON; removed/],
    ['JSON text of a number', '42', /expected a cookie record, got text holding a number; removed/],
    [
      'JSON text of an incomplete record',
      JSON.stringify({ id: '0|example.com|/|x', name: 'SECRET' }),
      /^11 fields missing or of the wrong type; removed$/,
    ],
    ['a number', 42, /got a number; removed/],
    ['a list', [record('x')], /got a list; removed/],
    ['null', null, /got null; removed/],
    ['an empty object', {}, /^13 fields missing or of the wrong type; removed$/],
    ['nested junk', { id: { id: 'x' }, name: ['n'], ended: 'yes' }, /missing or of the wrong type; removed/],
    ['a wrong end cause', record('x', { ended: { cause: 'vanished' as 'missing', at: 1 } }), /ended missing or of the wrong type/],
    ['a time no Date can hold', record('x', { expiresAt: 1e300 }), /expiresAt missing or of the wrong type/],
    ['a negative refresh count', record('x', { refreshes: -1 }), /refreshes missing or of the wrong type/],
    [
      'an own __proto__ key only',
      JSON.parse('{"__proto__": {"id": "0|example.com|/|x"}}') as unknown,
      /missing or of the wrong type; removed/,
    ],
    ['an id of another key', record('other'), /its id does not match its key; removed/],
    ['an id that is not its fields', { ...record('x'), name: 'y' }, /does not match its store, domain, path and name; removed/],
  ])('removes a record that is %s and says why, by type and field names', async (_, value, what) => {
    await browser.storage.local.set({ 'cookie:0|example.com|/|x': value, [key(record('ok'))]: record('ok') });
    const repairs = await repairRecords();
    expect(repairs).toEqual([{ key: 'cookie:0|example.com|/|x', what: expect.stringMatching(what) as unknown }]);
    expect(JSON.stringify(repairs)).not.toContain('SECRET');
    // The removal is a change to the records: their stamp is new.
    expect(Object.keys(browser.storage.local.snapshot())).toEqual([key(record('ok')), RECORDS_STAMP_KEY]);
    expect(await readRecords()).toEqual([record('ok')]);
  });

  it('a record carrying a value (or any field a record does not have) is kept without it', async () => {
    const carrying = { ...record('a'), value: 'SECRET-VALUE', 'x<b>': 1 };
    await browser.storage.local.set({ [key(carrying)]: carrying });
    const repairs = await repairRecords();
    expect(repairs).toEqual([{ key: key(carrying), what: 'unexpected fields value and 1 other dropped' }]);
    expect(JSON.parse(browser.storage.local.snapshot()[key(carrying)] as string)).toEqual(record('a'));
    expect(JSON.stringify(browser.storage.local.snapshot())).not.toContain('SECRET');
  });

  it('names a very long key only by its beginning', async () => {
    const id = `0|example.com|/|${'n'.repeat(4096)}`;
    await browser.storage.local.set({ [`cookie:${id}`]: 7 });
    const [repair] = await repairRecords();
    expect(repair?.key.length).toBeLessThanOrEqual(201);
    expect(repair?.key.startsWith('cookie:0|example.com|/|nnn')).toBe(true);
  });

  it('Firefox keeps what JSON cannot: NaN and Infinity times are malformed too', async () => {
    resetBrowser({ mode: 'firefox' });
    await browser.storage.local.set({
      [key(record('nan'))]: record('nan', { firstSeen: Number.NaN }),
      [key(record('inf'))]: record('inf', { expiresAt: Infinity }),
    });
    expect((await repairRecords()).map((r) => r.what)).toEqual([
      'firstSeen missing or of the wrong type; removed',
      'expiresAt missing or of the wrong type; removed',
    ]);
    expect(browser.storage.local.snapshot()).toEqual({ [RECORDS_STAMP_KEY]: expect.any(String) as unknown });
  });
});

describe('repairing settings', () => {
  const domain = (d: string) => ({ domain: d, site: d, leadMinutes: null, warnings: true });

  it('sound settings are left alone', async () => {
    await updateSettings((s) => ({ ...s, domains: [domain('example.com')], leadMinutes: 5 }));
    const set = vi.spyOn(browser.storage.sync, 'set');
    expect(await repairSettings()).toEqual({ repairs: [], kept: null });
    expect(set).not.toHaveBeenCalled();
  });

  it('writes back the settings as read: broken fields at their defaults, every valid one as it was', async () => {
    const valid = { domain: 'example.com', site: 'example.com', leadMinutes: 7, warnings: false, idleMinutes: 30, marks: { sid: true } };
    await browser.storage.sync.set({
      [SETTINGS_KEY]: {
        schemaVersion: 1,
        domains: [valid, 'SECRET-string-entry', { domain: 42 }, null, { domain: 'other.org', site: 'other.org', leadMinutes: 'soon' }],
        leadMinutes: 9,
        notifyEnded: 'yes',
        showAllCookies: true,
      },
    });
    const { repairs, kept } = await repairSettings();
    expect(kept).toBeNull();
    expect(repairs.map((r) => r.key)).toEqual(Array(5).fill(SETTINGS_KEY));
    expect(repairs.map((r) => r.what).join('\n')).toMatch(/domains\[1\]: expected an entry, got a string; dropped/);
    expect(JSON.stringify(repairs)).not.toContain('SECRET');
    expect(browser.storage.sync.snapshot()).toEqual({
      [SETTINGS_KEY]: {
        schemaVersion: 1,
        domains: [valid, { domain: 'other.org', site: 'other.org', leadMinutes: null, warnings: true }],
        leadMinutes: 9,
        notifyEnded: true,
        showAllCookies: true,
        keepAliveIdleMinutes: 10,
        keepAliveCapMinutes: 240,
      },
    });
    expect(await readSettings()).toMatchObject({ errors: [] });
    expect(await repairSettings()).toEqual({ repairs: [], kept: null });
  });

  it.each([
    ['a string', 'SECRET-garbage'],
    ['a number', 3],
    ['a list', [1, 2]],
    ['null', null],
  ])('settings that are %s become the defaults', async (_, value) => {
    await browser.storage.sync.set({ [SETTINGS_KEY]: value });
    const { repairs } = await repairSettings();
    expect(repairs).toEqual([
      {
        key: SETTINGS_KEY,
        what: expect.stringMatching(/^settings: expected an object, got (a string|number|a list|null); using the defaults$/) as unknown,
      },
    ]);
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: DEFAULTS });
  });

  it('names a broken item of domains by its key, and goes back to one item', async () => {
    await browser.storage.sync.set({
      [SETTINGS_KEY]: { ...DEFAULTS, domains: undefined, domainChunks: 2 },
      'settings.domains.0': [domain('example.com')],
      'settings.domains.1': 'SECRET-garbage',
    });
    const { repairs } = await repairSettings();
    expect(repairs).toEqual([{ key: 'settings.domains.1', what: 'missing or not a list; its domains were skipped' }]);
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: { ...DEFAULTS, domains: [domain('example.com')] } });
  });

  it('a domainChunks that is not a count is named by its type', async () => {
    await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, domainChunks: 'SECRET' } });
    const { repairs } = await repairSettings();
    expect(repairs).toEqual([{ key: SETTINGS_KEY, what: 'domainChunks: expected a count of items, got a string; read none' }]);
  });

  it('a long refused string is named by its type, even cut short', async () => {
    await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, domains: [{ domain: `SECRET"\\")x${'y'.repeat(80)}` }] } });
    const { repairs } = await repairSettings();
    expect(repairs.map((r) => r.what)).toEqual(['domains[0].domain: not a valid domain (a string); dropped']);
  });

  it('removes an item of domains the head does not name when it is not even a list; a list may still be on its way', async () => {
    const head = { ...DEFAULTS, domains: [domain('example.com')] };
    await browser.storage.sync.set({
      [SETTINGS_KEY]: head,
      'settings.domains.0': 'SECRET',
      'settings.domains.x': { a: 1 },
      'settings.domains.3': [domain('later.org')],
    });
    const { repairs } = await repairSettings();
    expect(repairs).toEqual([
      { key: 'settings.domains.0', what: 'expected a list of watched domains, got a string; removed' },
      { key: 'settings.domains.x', what: 'expected a list of watched domains, got an object; removed' },
    ]);
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: head, 'settings.domains.3': [domain('later.org')] });
  });

  it('leaves settings of a later version as stored: writing them back would undo another machine', async () => {
    const newer = { schemaVersion: 2, domains: [domain('example.com')], leadMinutes: 'from-the-future' };
    await browser.storage.sync.set({ [SETTINGS_KEY]: newer });
    const { repairs, kept } = await repairSettings();
    expect(kept).toBe('newer-version');
    expect(repairs.length).toBeGreaterThan(0);
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: newer });
  });

  it('leaves settings as stored while sync has delivered only some of their items', async () => {
    const items = { [SETTINGS_KEY]: { ...DEFAULTS, domains: undefined, domainChunks: 2 }, 'settings.domains.0': [domain('example.com')] };
    await browser.storage.sync.set(items);
    expect(await repairSettings()).toMatchObject({ kept: 'items-pending' });
    expect(Object.keys(browser.storage.sync.snapshot()).sort()).toEqual(Object.keys(items).sort());
  });

  it('fields it does not know are no error: alone, they leave the settings untouched', async () => {
    const stored = { ...DEFAULTS, futureField: { a: 1 } };
    await browser.storage.sync.set({ [SETTINGS_KEY]: stored });
    expect(await repairSettings()).toEqual({ repairs: [], kept: null });
    expect(browser.storage.sync.snapshot()[SETTINGS_KEY]).toEqual(stored);
  });
});

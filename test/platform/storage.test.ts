import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, SETTINGS_KEY } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import {
  onRecordsChanged,
  onSettingsChanged,
  readRecord,
  readRecords,
  readSettings,
  removeRecords,
  updateSettings,
  writeRecords,
} from '../../src/platform/storage';
import browser, { resetBrowser } from '../fakes/browser';

const record = (name: string, over: Partial<CookieRecord> = {}): CookieRecord => ({
  id: `0|example.com|/|${name}`, name, domain: 'example.com', path: '/', storeId: '0', hostOnly: true,
  secure: true, httpOnly: true, sameSite: 'lax', expiresAt: 1_000_000, firstSeen: 1, lastRefreshed: 2, ended: null,
  refreshes: 0, grantMs: 999_998, tokenExpiresAt: null, ...over,
});

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetBrowser());

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
        updateSettings((s) => ({ ...s, domains: [...s.domains, { domain: `d${i}.org`, site: `d${i}.org`, leadMinutes: null, warnings: true }] })),
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
    await expect(updateSettings(() => { throw new Error('nope'); })).rejects.toThrow('nope');
    await updateSettings((s) => ({ ...s, leadMinutes: 5 }));
    expect((await readSettings()).settings.leadMinutes).toBe(5);
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
    expect(Object.keys(browser.storage.local.snapshot()).sort()).toEqual(['cookie:0|example.com|/|a', 'cookie:0|example.com|/|b']);
    expect((await readRecords()).map((r) => r.name).sort()).toEqual(['a', 'b']);
    expect(await readRecord(record('a').id)).toEqual(record('a'));
    expect(await readRecord('0|example.com|/|nope')).toBeUndefined();
    await removeRecords([record('a').id]);
    expect((await readRecords()).map((r) => r.name)).toEqual(['b']);
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
    for (const [mode, expected] of [['chromium', 1], ['firefox', 2]] as const) {
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
    Array.from({ length: n }, (_, i) => ({ domain: `watched-site-${i}.example.com`, site: 'example.com', leadMinutes: null, warnings: true }));

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

import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { cookieId } from '../../src/core/observe';
import { DEFAULTS, SETTINGS_KEY } from '../../src/core/settings-defaults';
import { HISTORY_COUNT_KEY } from '../../src/platform/history-store';
import { REPAIRS_KEY, REPAIRS_MAX, type Repair } from '../../src/platform/repairs-log';
import { STORE_NAMES_KEY } from '../../src/platform/store-names';
import { WARNINGS_KEY } from '../../src/platform/warnings-log';
import browser, { type BrowserMode, dropListeners, fakeClock, fakeCookies, fakeRuntime, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import {
  allStorageText,
  grantAccess,
  startTestWorker,
  stopTestWorkers,
  storedRecords,
  unhandledRejections,
  watch,
  watched,
} from '../fakes/worker';

const NOW = DEFAULT_NOW;
const MODES: BrowserMode[] = ['chromium', 'firefox'];
const SECRET = 'SECRET-q7Zx';

const CONSOLE = ['log', 'info', 'debug', 'warn', 'error'] as const;

type ConsoleSpy = MockInstance<(...args: unknown[]) => void>;

/** Every console method, silenced and recorded. */
function spyConsole(): Record<(typeof CONSOLE)[number], ConsoleSpy> {
  const spy = (m: (typeof CONSOLE)[number]): ConsoleSpy => vi.spyOn(console, m).mockImplementation(() => undefined);
  return { log: spy('log'), info: spy('info'), debug: spy('debug'), warn: spy('warn'), error: spy('error') };
}

function consoleText(spies: ReturnType<typeof spyConsole>): string {
  return CONSOLE.flatMap((m) => spies[m].mock.calls.flat().map(String)).join('\n');
}

function local(key: string): unknown {
  return browser.storage.local.snapshot()[key];
}

/** The exact stored text of a key, for "unchanged to the byte". */
function bytes(area: 'local' | 'sync', key: string): string | undefined {
  const value = browser.storage[area].snapshot()[key];
  return value === undefined ? undefined : JSON.stringify(value);
}

const unhandled = unhandledRejections();

beforeEach(() => resetBrowser());

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

const example = watched('example.com');
const other = watched('other.org');

/** A browser that has been watching two sites for a while, then the worker stopped. */
async function lived(mode: BrowserMode): Promise<void> {
  resetBrowser({ mode });
  await watch(example, other);
  grantAccess(example, other);
  const worker = startTestWorker();
  fakeRuntime.install();
  await worker.idle();
  fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v1', maxAge: 3600 });
  fakeCookies.receive({ url: 'https://example.com/', name: 'csrftoken', value: 'v2', maxAge: 3600 });
  fakeCookies.receive({ url: 'https://example.com/', name: 'gone', value: 'v3', maxAge: 3600 });
  fakeCookies.receive({ url: 'https://other.org/', name: 'sid', value: 'v4', maxAge: 3600 });
  fakeClock.advance(60_000);
  fakeCookies.receive({ url: 'https://example.com/', name: 'gone', value: '', maxAge: 0 });
  await worker.idle();
  worker.stop();
  dropListeners();
  fakeClock.advance(60_000);
}

const id = (domain: string, name: string) => cookieId({ storeId: fakeCookies.defaultStoreId(), domain, path: '/', name });

describe('storage full of garbage', () => {
  it.each(MODES)('the worker starts, repairs each broken part on its own, keeps every valid one, says what it did (%s)', async (mode) => {
    await lived(mode);
    const keptHistory = [{ at: NOW - 5_000, site: 'kept.test', kind: 'logged-in', name: 'sid', storeId: '0', expiresAt: null }];
    await browser.storage.local.set({ 'history:kept.test': keptHistory });
    const validHistory = local('history:example.com') as unknown[];
    const live = id('example.com', 'sessionid');
    const ended = id('example.com', 'gone');
    const otherLive = id('other.org', 'sid');
    const liveRecord = storedRecords()[live]!;
    const valid = {
      [`cookie:${live}`]: bytes('local', `cookie:${live}`),
      [`cookie:${ended}`]: bytes('local', `cookie:${ended}`),
      // Stored again below with a value beside it; the repair takes the value out and nothing else.
      [`cookie:${otherLive}`]: bytes('local', `cookie:${otherLive}`),
      'history:kept.test': JSON.stringify(keptHistory),
    };

    // Every key this extension keeps, broken in its own way, beside valid entries.
    const domainsChunk = [example, 'junk', { domain: 42 }, JSON.parse('{"__proto__": {"domain": "evil.test"}}') as unknown, other];
    await browser.storage.sync.clear();
    await browser.storage.sync.set({
      [SETTINGS_KEY]: { schemaVersion: 1, domainChunks: 2, leadMinutes: 'soon', notifyEnded: false, showAllCookies: [SECRET] },
      'settings.domains.0': domainsChunk,
      'settings.domains.1': `${SECRET}-chunk`,
    });
    await browser.storage.local.set({
      // A live cookie's record replaced by a string: removed, and the scan recreates it.
      [`cookie:${id('example.com', 'csrftoken')}`]: `${SECRET}-record`,
      [`cookie:${id('example.com', 'number')}`]: 42,
      [`cookie:${id('example.com', 'nested')}`]: { id: { id: [null] }, ended: { cause: 'vanished' } },
      'cookie:__proto__': JSON.parse('{"__proto__": {"id": "__proto__"}}') as unknown,
      // A valid record that carries a value: kept, without it.
      [`cookie:${otherLive}`]: { ...storedRecords()[otherLive], value: `${SECRET}-value` },
      'history:example.com': [...validHistory, `${SECRET}-event`, null, { at: 'soon' }, [1]],
      'history:other.org': { [SECRET]: true },
      [HISTORY_COUNT_KEY]: 'lots',
      [WARNINGS_KEY]: `${SECRET}-warnings`,
      [STORE_NAMES_KEY]: [SECRET],
      [REPAIRS_KEY]: { bogus: SECRET },
    });

    const spies = spyConsole();
    fakeClock.advance(1_000);
    const worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();

    // It ran a scan: the live cookie whose record was garbage is recorded again.
    expect(storedRecords()[id('example.com', 'csrftoken')]).toMatchObject({ name: 'csrftoken', ended: null });
    // Valid parts are unchanged to the byte.
    for (const [key, text] of Object.entries(valid)) expect(bytes('local', key)).toBe(text);
    expect((local('history:example.com') as unknown[]).slice(0, validHistory.length)).toEqual(validHistory);
    expect(Object.keys(storedRecords()).sort()).toEqual([live, ended, id('example.com', 'csrftoken'), otherLive].sort());
    expect(liveRecord.ended).toBeNull();

    // Broken parts are repaired: settings written back in one item, the valid fields and domains as they were.
    expect(browser.storage.sync.snapshot()).toEqual({
      [SETTINGS_KEY]: { ...DEFAULTS, notifyEnded: false, domains: [example, other] },
    });
    const history = local('history:example.com') as unknown[];
    expect(history.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))).toBe(true);
    expect(local('history:other.org')).toBeUndefined();
    const total = Object.entries(browser.storage.local.snapshot())
      .filter(([k]) => k.startsWith('history:'))
      .reduce((n, [, v]) => n + (v as unknown[]).length, 0);
    expect(local(HISTORY_COUNT_KEY)).toBe(total);
    expect(local(WARNINGS_KEY)).toEqual(expect.any(Object));
    expect(Array.isArray(local(WARNINGS_KEY))).toBe(false);
    expect(local(STORE_NAMES_KEY)).toEqual({});

    // What was repaired: one entry per broken part, and one console line each.
    const repairs = local(REPAIRS_KEY) as Repair[];
    expect(repairs.length).toBeLessThanOrEqual(REPAIRS_MAX);
    expect(repairs.every((r) => r.at === NOW + 121_000 && typeof r.what === 'string')).toBe(true);
    const expected = [
      REPAIRS_KEY,
      'settings.domains.1',
      SETTINGS_KEY, // domains[1]: expected an entry
      SETTINGS_KEY, // domains[2].domain
      SETTINGS_KEY, // domains[3].domain (a __proto__ key)
      SETTINGS_KEY, // leadMinutes
      SETTINGS_KEY, // showAllCookies
      `cookie:${id('example.com', 'csrftoken')}`,
      `cookie:${id('example.com', 'number')}`,
      `cookie:${id('example.com', 'nested')}`,
      'cookie:__proto__',
      `cookie:${otherLive}`,
      'history:example.com',
      'history:other.org',
      HISTORY_COUNT_KEY,
      WARNINGS_KEY,
      STORE_NAMES_KEY,
    ];
    expect(repairs.map((r) => r.key).sort()).toEqual([...expected].sort());
    // In the order the parts are checked: the list itself, settings, records, history, warnings, store names.
    const parts = repairs.map((r) => PART_ORDER.findIndex((p) => r.key.startsWith(p)));
    expect(parts).toEqual([...parts].sort((a, b) => a - b));
    expect(repairs.find((r) => r.key === `cookie:${otherLive}`)?.what).toBe('unexpected field value dropped');
    expect(repairs.find((r) => r.key === WARNINGS_KEY)?.what).toMatch(/got a string; reset$/);
    const warned = spies.warn.mock.calls.map(([line]) => String(line));
    expect(warned).toEqual(repairs.map((r) => `Session Watch: repaired ${r.key}: ${r.what}`));
    expect(spies.error).not.toHaveBeenCalled();

    // Types and field names only: nothing stored as garbage reaches the console, the list, or stays in storage.
    expect(consoleText(spies)).not.toContain(SECRET);
    expect(allStorageText()).not.toContain(SECRET);
    expect(unhandled).toEqual([]);

    // And it keeps watching.
    fakeCookies.receive({ url: 'https://example.com/', name: 'later', value: 'v', maxAge: 600 });
    await worker.idle();
    expect(storedRecords()[id('example.com', 'later')]).toMatchObject({ ended: null });
    // A second look finds nothing more to repair.
    await browser.runtime.sendMessage({ type: 'rescan', payload: {} });
    await worker.idle();
    expect((local(REPAIRS_KEY) as Repair[]).length).toBe(repairs.length);
  });

  it.each([
    ['a string', `${SECRET}`],
    ['a number', 12],
    ['a list', [{ domain: 'example.com' }]],
    ['null', null],
  ])('settings that are %s: defaults written back, said once, the worker keeps running', async (_, garbage) => {
    const spies = spyConsole();
    await browser.storage.sync.set({ [SETTINGS_KEY]: garbage });
    grantAccess(example);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: DEFAULTS });
    expect(local(REPAIRS_KEY)).toEqual([
      { at: NOW, key: SETTINGS_KEY, what: expect.stringMatching(/^settings: expected an object, got .*; using the defaults$/) as unknown },
    ]);
    expect(spies.warn).toHaveBeenCalledTimes(1);
    expect(consoleText(spies)).not.toContain(SECRET);

    await watch(example);
    await worker.idle();
    expect(storedRecords()[id('example.com', 'sessionid')]).toMatchObject({ ended: null });
    expect(unhandled).toEqual([]);
  });

  it('a worker woken by a cookie event repairs broken settings too, and records the change', async () => {
    const spies = spyConsole();
    await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, domains: [example], leadMinutes: -3 } });
    grantAccess(example);
    const worker = startTestWorker();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    await worker.idle();
    expect(storedRecords()[id('example.com', 'sessionid')]).toMatchObject({ ended: null });
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: { ...DEFAULTS, domains: [example] } });
    expect(spies.warn.mock.calls).toEqual([[expect.stringMatching(/^Session Watch: repaired settings: leadMinutes: /)]]);
  });

  it('settings a later version wrote (sync from another machine) are read with defaults but left as stored', async () => {
    const spies = spyConsole();
    const newer = { ...DEFAULTS, schemaVersion: 2, domains: [example], leadMinutes: { unit: 'm', value: 5 } };
    await browser.storage.sync.set({ [SETTINGS_KEY]: newer });
    grantAccess(example);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    const worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: newer });
    expect(storedRecords()[id('example.com', 'sessionid')]).toMatchObject({ ended: null });
    expect(local(REPAIRS_KEY)).toBeUndefined();
    expect(spies.warn.mock.calls.map(([l]) => String(l)).every((l) => l.includes('left as stored: a later version'))).toBe(true);
    expect(spies.warn).toHaveBeenCalled();
  });

  it('a storage area that fails is reported, and the scan still runs', async () => {
    const spies = spyConsole();
    await watch(example);
    grantAccess(example);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    await browser.storage.local.set({ [WARNINGS_KEY]: 'x' });
    const remove = vi.spyOn(browser.storage.local, 'remove').mockRejectedValue(new Error('IO error: disk full'));
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    remove.mockRestore();
    expect(storedRecords()[id('example.com', 'sessionid')]).toMatchObject({ ended: null });
    expect(spies.warn.mock.calls.map(([l]) => String(l))).toContain(
      'Session Watch: repaired warnings: expected warning keys with the times they were given, got a string; reset',
    );
    expect(unhandled).toEqual([]);
  });
});

/** The order checkStorage reports in: the list itself, settings, records, history, warnings, store names. */
const PART_ORDER = [REPAIRS_KEY, 'settings', 'cookie:', 'history', WARNINGS_KEY, STORE_NAMES_KEY];

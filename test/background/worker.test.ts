import type { Cookies } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Worker } from '../../src/background/worker';
import { cookieId } from '../../src/core/observe';
import { originsFor } from '../../src/core/origins';
import { withoutDomain } from '../../src/core/settings';
import { DEFAULTS, SETTINGS_KEY } from '../../src/core/settings-defaults';
import { itemBytes } from '../../src/core/settings-layout';
import type { CookieRecord } from '../../src/core/types';
import { readHistory } from '../../src/platform/history-store';
import { REPAIRS_KEY } from '../../src/platform/repairs-log';
import { send } from '../../src/platform/messaging';
import { readSettings, updateSettings } from '../../src/platform/settings-store';
import browser, {
  type BrowserMode,
  dropListeners,
  fakeClock,
  fakeCookies,
  fakePermissions,
  fakeRuntime,
  resetBrowser,
} from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { cookieRecordOf } from '../fakes/records';
import {
  allStorageText,
  grantAccess,
  installedWorker,
  startTestWorker,
  stopTestWorkers,
  storedRecords,
  watch,
  watched,
} from '../fakes/worker';

const NOW = DEFAULT_NOW;
const MODES: BrowserMode[] = ['chromium', 'firefox'];

/** A freshly installed worker in `mode`, watching `domains` (each under its last two labels) with access to them. */
function installed(mode: BrowserMode, ...domains: string[]): Promise<Worker> {
  return installedWorker(mode, ...domains.map((d) => watched(d, d.split('.').slice(-2).join('.'))));
}

function recordOf(storeId: string, domain: string, name: string, path = '/'): CookieRecord | undefined {
  return storedRecords()[cookieId({ storeId, domain, path, name })];
}

function changeLog(): Array<{ removed: boolean; cause: string; name: string }> {
  const log: Array<{ removed: boolean; cause: string; name: string }> = [];
  browser.cookies.onChanged.addListener((info: Cookies.OnChangedChangeInfoType) => {
    log.push({ removed: info.removed, cause: info.cause, name: info.cookie.name });
  });
  return log;
}

beforeEach(() => {
  resetBrowser();
});

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

describe('scan on install', () => {
  it.each(MODES)('finds watched cookies in two stores and ignores unwatched ones (%s)', async (mode) => {
    resetBrowser({ mode });
    const example = watched('example.com');
    await watch(example);
    // Access to other.org too: ignoring its cookie is the worker's choice, not the browser hiding it.
    grantAccess(example, watched('other.org'));
    const second = fakeCookies.addStore(mode === 'chromium' ? 'private' : 'container');
    const first = fakeCookies.defaultStoreId();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v-1', maxAge: 3600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v-2', maxAge: 600, storeId: second });
    fakeCookies.receive({ url: 'https://example.com/', name: 'csrftoken', value: 'v-3', storeId: second });
    fakeCookies.receive({ url: 'https://other.org/', name: 'sessionid', value: 'v-4', maxAge: 3600 });

    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();

    const records = storedRecords();
    expect(Object.keys(records).sort()).toEqual(
      [`${first}|example.com|/|sessionid`, `${second}|example.com|/|sessionid`, `${second}|example.com|/|csrftoken`].sort(),
    );
    expect(records[`${first}|example.com|/|sessionid`]).toMatchObject({ expiresAt: NOW + 3_600_000, firstSeen: NOW, ended: null });
    expect(records[`${second}|example.com|/|sessionid`]).toMatchObject({ expiresAt: NOW + 600_000, storeId: second });
    expect(records[`${second}|example.com|/|csrftoken`]).toMatchObject({ expiresAt: null, ended: null });
  });

  it('scans on browser startup too, marking cookies the browser dropped as missing', async () => {
    const worker = await installed('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 3600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'browsersession', value: 'v' });
    await worker.idle();
    worker.stop();
    dropListeners();

    await fakeCookies.delivered();
    fakeClock.advance(60_000);
    fakeCookies.restartBrowser();
    const next = startTestWorker();
    fakeRuntime.startup();
    await next.idle();

    expect(recordOf('0', 'example.com', 'sessionid')?.ended).toBeNull();
    expect(recordOf('0', 'example.com', 'browsersession')?.ended).toEqual({ cause: 'missing', at: NOW + 60_000 });
  });
});

describe('a worker stopped in the middle of a burst', () => {
  it.each(MODES)('catches up with the changes it never heard on its first watched change (%s)', async (mode) => {
    const worker = await installed(mode, 'example.com');
    for (let i = 0; i < 20; i++) fakeCookies.receive({ url: 'https://example.com/', name: `c${i}`, value: 'v0', maxAge: 600 });
    await worker.idle();
    // The browser stops the worker; the burst goes on with nobody listening.
    worker.stop();
    dropListeners();
    await fakeCookies.delivered();
    fakeClock.advance(5_000);
    for (let i = 0; i < 20; i++) fakeCookies.receive({ url: 'https://example.com/', name: `c${i}`, value: 'v1', maxAge: 900 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'c19', value: '', maxAge: 0 });
    // Nobody heard those: the browser delivered them while no worker listened.
    await fakeCookies.delivered();
    // The next change wakes a new worker: no install or startup event.
    const next = startTestWorker();
    await fakeCookies.delivered();
    fakeClock.advance(1_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'c0', value: 'v2', maxAge: 900 });
    await next.idle();

    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'c0')?.expiresAt).toBe(NOW + 6_000 + 900_000);
    for (let i = 1; i < 19; i++) {
      expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', `c${i}`)).toMatchObject({
        expiresAt: NOW + 5_000 + 900_000,
        ended: null,
      });
    }
    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'c19')?.ended?.cause).toBe('missing');
  });
});

describe('parent-domain cookies', () => {
  it.each(MODES)('watches a parent-domain cookie of a watched subdomain, not its siblings (%s)', async (mode) => {
    resetBrowser({ mode });
    const app = watched('app.example.com', 'example.com');
    await watch(app);
    grantAccess(app);
    fakeCookies.receive({ url: 'https://www.example.com/', domain: 'example.com', name: 'parent', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'hostonly', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://x.app.example.com/', name: 'deep', value: 'v', maxAge: 600 });

    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(Object.keys(storedRecords()).sort()).toEqual(
      [
        cookieId({ storeId: fakeCookies.defaultStoreId(), domain: '.example.com', path: '/', name: 'parent' }),
        cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'x.app.example.com', path: '/', name: 'deep' }),
      ].sort(),
    );

    // The same rule for a live event.
    fakeCookies.receive({ url: 'https://app.example.com/', domain: '.example.com', name: 'later', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'later-hostonly', value: 'v', maxAge: 600 });
    await worker.idle();
    expect(recordOf(fakeCookies.defaultStoreId(), '.example.com', 'later')).toMatchObject({ ended: null });
    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'later-hostonly')).toBeUndefined();
  });
});

describe('cookie events', () => {
  it.each(MODES)('an overwrite is a refresh: first seen kept, last refreshed moves, not ended (%s)', async (mode) => {
    const worker = await installed(mode, 'example.com');
    const log = changeLog();
    await fakeCookies.delivered();
    fakeClock.set(NOW + 250);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'first', maxAge: 3600 });
    await worker.idle();
    await fakeCookies.delivered();
    fakeClock.set(NOW + 60_250);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'second', maxAge: 3600 });
    await worker.idle();

    expect(log).toEqual([
      { removed: false, cause: 'explicit', name: 'sessionid' },
      { removed: true, cause: 'overwrite', name: 'sessionid' },
      { removed: false, cause: 'explicit', name: 'sessionid' },
    ]);
    const record = recordOf(fakeCookies.defaultStoreId(), 'example.com', 'sessionid');
    expect(record).toMatchObject({ firstSeen: NOW + 250, lastRefreshed: NOW + 60_250, ended: null });
    // Chromium hands out whole seconds, Firefox the fraction too.
    const expected = mode === 'chromium' ? NOW + 60_000 + 3_600_000 : NOW + 60_250 + 3_600_000;
    expect(record?.expiresAt).toBeCloseTo(expected, 3);
  });

  it.each([
    ['chromium', 'expired_overwrite'],
    ['firefox', 'explicit'],
  ] as const)('a logout (Max-Age=0) ends the session as logged out (%s: %s)', async (mode, cause) => {
    const worker = await installed(mode, 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 3600 });
    await worker.idle();
    const log = changeLog();
    await fakeCookies.delivered();
    fakeClock.advance(10_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: '', maxAge: 0 });
    await worker.idle();

    expect(log).toEqual([{ removed: true, cause, name: 'sessionid' }]);
    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'sessionid')).toMatchObject({
      firstSeen: NOW,
      ended: { cause: 'logged-out', at: NOW + 10_000 },
    });
  });

  it('Firefox: an expired cookie that getAll still returns is marked expired, not live', async () => {
    const worker = await installed('firefox', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 60 });
    await worker.idle();
    const log = changeLog();
    await fakeCookies.delivered();
    fakeClock.advance(120_000);

    expect((await browser.cookies.getAll({ domain: 'example.com' })).map((c) => c.name)).toEqual(['sessionid']);
    expect(await send('rescan', {})).toEqual({ watched: 0 });
    await worker.idle();

    expect(log).toEqual([]);
    expect(recordOf('firefox-default', 'example.com', 'sessionid')?.ended).toEqual({ cause: 'expired', at: NOW + 60_000 });
  });

  it('Chromium: reading the store drops an expired cookie with an "expired" event; the record ends when it expired', async () => {
    const worker = await installed('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 60 });
    await worker.idle();
    const log = changeLog();
    await fakeCookies.delivered();
    fakeClock.advance(120_000);

    expect(await send('rescan', {})).toEqual({ watched: 0 });
    await worker.idle();

    expect(log).toEqual([{ removed: true, cause: 'expired', name: 'sessionid' }]);
    expect(recordOf('0', 'example.com', 'sessionid')?.ended).toEqual({ cause: 'expired', at: NOW + 60_000 });
  });

  it('a new login after a logout starts a new session', async () => {
    const worker = await installed('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'a', maxAge: 3600 });
    await fakeCookies.delivered();
    fakeClock.advance(1_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: '', maxAge: 0 });
    await fakeCookies.delivered();
    fakeClock.advance(1_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'b', maxAge: 3600 });
    await worker.idle();
    expect(recordOf('0', 'example.com', 'sessionid')).toMatchObject({ firstSeen: NOW + 2_000, ended: null });
  });
});

describe('the hot path', () => {
  it('an unwatched change touches no storage once the watch list is loaded', async () => {
    const worker = await installed('chromium', 'example.com');
    grantAccess(watched('other.org'));
    const spies = [
      vi.spyOn(browser.storage.local, 'get'),
      vi.spyOn(browser.storage.local, 'set'),
      vi.spyOn(browser.storage.sync, 'get'),
      vi.spyOn(browser.storage.sync, 'set'),
    ];
    for (let i = 0; i < 50; i++) fakeCookies.receive({ url: 'https://other.org/', name: `c${i}`, value: 'v', maxAge: 60 });
    await worker.idle();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(storedRecords()).toEqual({});
  });

  it('a cold worker loads the settings once for a burst, then leaves local storage alone', async () => {
    await watch(watched('example.com'));
    grantAccess(watched('example.com'), watched('other.org'));
    const syncGet = vi.spyOn(browser.storage.sync, 'get');
    const localGet = vi.spyOn(browser.storage.local, 'get');
    const localSet = vi.spyOn(browser.storage.local, 'set');
    const worker = startTestWorker();
    for (let i = 0; i < 20; i++) fakeCookies.receive({ url: 'https://other.org/', name: `c${i}`, value: 'v' });
    await worker.idle();
    expect(syncGet).toHaveBeenCalledTimes(1);
    expect(localGet).not.toHaveBeenCalled();
    expect(localSet).not.toHaveBeenCalled();
  });

  it('a cold worker still records a watched change that woke it', async () => {
    await watch(watched('example.com'));
    grantAccess(watched('example.com'));
    const worker = startTestWorker();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 60 });
    await worker.idle();
    expect(recordOf('0', 'example.com', 'sessionid')).toMatchObject({ firstSeen: NOW, ended: null });
  });

  it('with 500 watched domains, 10,000 unwatched changes touch no storage once the settings are loaded', async () => {
    const domains = [
      ...Array.from({ length: 250 }, (_, i) => watched(`site-${i}.example.com`, 'example.com')),
      ...Array.from({ length: 250 }, (_, i) => watched(`watched-${i}.test`)),
    ];
    await updateSettings((st) => ({ ...st, domains }));
    // Access to every host, so the browser hides nothing: ignoring a change is the worker's own doing.
    fakePermissions.grantAtInstall(['*://*/*']);
    const area = browser.storage.local as typeof browser.storage.local & { getKeys: () => Promise<string[]> };
    const syncGet = vi.spyOn(browser.storage.sync, 'get');
    const untouched = [
      vi.spyOn(browser.storage.local, 'get'),
      vi.spyOn(browser.storage.local, 'set'),
      vi.spyOn(browser.storage.local, 'remove'),
      vi.spyOn(area, 'getKeys'),
      vi.spyOn(browser.storage.sync, 'set'),
      vi.spyOn(browser.permissions, 'contains'),
      vi.spyOn(browser.cookies, 'getAll'),
    ];
    // A cold worker: the first change wakes it.
    const worker = startTestWorker();
    const hosts = [
      (i: number) => ({ url: `https://t${i % 1000}.tracker.test/`, domain: undefined }),
      // A sibling's host-only cookie under a watched site: not sent to any watched domain.
      (i: number) => ({ url: `https://other-${i % 50}.example.com/`, domain: undefined }),
      // A domain cookie of a subdomain of a watched domain's sibling.
      (i: number) => ({ url: `https://a.b${i % 7}.unrelated.org/`, domain: `b${i % 7}.unrelated.org` }),
      // The name of a watched domain inside another one: watched-1.test.evil.test.
      (i: number) => ({ url: `https://watched-${i % 250}.test.evil.test/`, domain: undefined }),
    ];
    for (let i = 0; i < 10_000; i++) {
      const { url, domain } = hosts[i % hosts.length]?.(i) ?? { url: '', domain: undefined };
      fakeCookies.receive({ url, name: `c${i % 3}`, value: 'v', maxAge: 60, ...(domain ? { domain } : {}) });
    }
    await worker.idle();
    expect(syncGet).toHaveBeenCalledTimes(1);
    for (const spy of untouched) expect(spy).not.toHaveBeenCalled();
    expect(storedRecords()).toEqual({});

    // The same filter lets watched changes through, a parent-domain cookie of a watched subdomain included.
    fakeCookies.receive({ url: 'https://site-499.example.com/', name: 'sid', value: 'v', maxAge: 60 });
    fakeCookies.receive({ url: 'https://site-7.example.com/', domain: 'example.com', name: 'parent', value: 'v', maxAge: 60 });
    fakeCookies.receive({ url: 'https://x.watched-249.test/', name: 'deep', value: 'v', maxAge: 60 });
    await worker.idle();
    expect(
      Object.values(storedRecords())
        .map((r) => r.name)
        .sort(),
    ).toEqual(['deep', 'parent']);
  });
});

describe('a worker restart', () => {
  it.each(MODES)('keeps what the previous worker stored (%s)', async (mode) => {
    const worker = await installed(mode, 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'a', maxAge: 3600 });
    await worker.idle();
    const before = storedRecords();

    // The browser stops the idle worker; the next cookie event starts a new one from scratch.
    worker.stop();
    dropListeners();
    await fakeCookies.delivered();
    fakeClock.advance(5 * 60_000);
    const next = startTestWorker();
    expect(storedRecords()).toEqual(before);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'b', maxAge: 3600 });
    await next.idle();

    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'sessionid')).toMatchObject({
      firstSeen: NOW,
      lastRefreshed: NOW + 5 * 60_000,
      ended: null,
    });
  });
});

describe('host access', () => {
  it('skips watched domains without access and leaves their records as they are', async () => {
    const open = watched('example.com');
    const closed = watched('private.org');
    await watch(open, closed);
    grantAccess(open);
    const kept = cookieRecordOf('sessionid', 'private.org', {
      expiresAt: NOW + 600_000,
      firstSeen: NOW - 60_000,
      lastRefreshed: NOW - 60_000,
    });
    await browser.storage.local.set({ [`cookie:${kept.id}`]: JSON.stringify(kept) });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    const contains = vi.spyOn(browser.permissions, 'contains');

    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(contains).toHaveBeenCalled();
    expect(storedRecords()[kept.id]).toEqual(kept);
    expect(recordOf('0', 'example.com', 'sessionid')).toBeDefined();
  });

  it('rescans when access is granted', async () => {
    const w = watched('example.com');
    await watch(w);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(storedRecords()).toEqual({});

    await browser.permissions.request({ origins: ['*://example.com/*', '*://*.example.com/*'] });
    await worker.idle();
    expect(recordOf('0', 'example.com', 'sessionid')).toMatchObject({ ended: null });
  });
});

describe('settings', () => {
  it('a removed domain loses its records; an added one is scanned', async () => {
    const worker = await installed('chromium', 'example.com', 'other.org');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://other.org/', name: 'sessionid', value: 'v', maxAge: 600 });
    grantAccess(watched('third.net'));
    fakeCookies.receive({ url: 'https://third.net/', name: 'sid', value: 'v', maxAge: 600 });
    await worker.idle();
    expect(Object.keys(storedRecords())).toHaveLength(2);

    await updateSettings((s) => withoutDomain(s, 'other.org'));
    await worker.idle();
    expect(Object.keys(storedRecords())).toEqual(['0|example.com|/|sessionid']);

    expect(await send('addDomain', { input: 'https://Third.NET/login' })).toEqual({ ok: true, domain: 'third.net' });
    await worker.idle();
    expect(Object.keys(storedRecords()).sort()).toEqual(['0|example.com|/|sessionid', '0|third.net|/|sid']);
    // The new watch list is live for events at once.
    fakeCookies.receive({ url: 'https://third.net/', name: 'other', value: 'v' });
    await worker.idle();
    expect(recordOf('0', 'third.net', 'other')).toBeDefined();
  });

  it('500 watched domains added one by one all land, within the storage.sync quotas', async () => {
    const worker = await installed('chromium', 'example.com');
    const quotaErrors = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (let i = 0; i < 499; i++) {
      // A person adding them by hand: one every 0.6 s is 100 writes a minute, under Chrome's 120.
      await fakeCookies.delivered();
      fakeClock.advance(600);
      expect(await send('addDomain', { input: `https://app-${i}.watched-site-${i}.example.org/` })).toMatchObject({ ok: true });
    }
    await worker.idle();
    const items = browser.storage.sync.snapshot();
    expect(Object.keys(items).length).toBeGreaterThan(1);
    for (const [key, value] of Object.entries(items)) expect(itemBytes(key, value)).toBeLessThanOrEqual(8192);
    expect(Object.entries(items).reduce((n, [k, v]) => n + itemBytes(k, v), 0)).toBeLessThanOrEqual(102_400);
    expect((await readSettings()).settings.domains).toHaveLength(500);
    expect(quotaErrors).not.toHaveBeenCalled();
    // The 501st is refused with the limit, and the list stays as it was.
    expect(await send('addDomain', { input: 'one-too-many.example.org' })).toEqual({ ok: false, error: { code: 'limit', detail: '500' } });
    expect((await readSettings()).settings.domains).toHaveLength(500);
  }, 60_000);

  it("adding faster than Chrome's 120 writes a minute: the refused add says so and loses nothing, and works a minute later", async () => {
    const worker = await installed('chromium', 'example.com');
    const answers: unknown[] = [];
    for (let i = 0; i < 125; i++) answers.push(await send('addDomain', { input: `site-${i}.example.org` }));
    const added = answers.filter((a) => (a as { ok: boolean }).ok).length;
    // Installing wrote the settings once already; every add is one write.
    expect(added).toBeLessThan(120);
    expect(answers.slice(added)).toEqual(Array(125 - added).fill({ ok: false, error: { code: 'quota', detail: 'minute' } }));
    await worker.idle();
    expect((await readSettings()).settings.domains.map((d) => d.domain)).toEqual([
      'example.com',
      ...Array.from({ length: added }, (_, i) => `site-${i}.example.org`),
    ]);

    await fakeCookies.delivered();
    fakeClock.advance(61_000);
    expect(await send('addDomain', { input: `site-${added}.example.org` })).toEqual({ ok: true, domain: `site-${added}.example.org` });
    expect((await readSettings()).settings.domains).toHaveLength(added + 2);
  });

  it('corrupt stored settings fall back to the defaults with a warning, and the worker keeps running', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await browser.storage.sync.set({ [SETTINGS_KEY]: { domains: 'example.com', leadMinutes: 'soon' } });
    grantAccess(watched('example.com'));
    const worker = startTestWorker();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v-corrupt', maxAge: 600 });
    fakeRuntime.install();
    await worker.idle();

    expect(storedRecords()).toEqual({});
    expect(warn).toHaveBeenCalled();
    const logged = warn.mock.calls.flat().join('\n');
    expect(logged).toMatch(/domains/);
    expect(logged).not.toContain('v-corrupt');

    // And it still works once the settings are fixed.
    await watch(watched('example.com'));
    await worker.idle();
    expect(recordOf('0', 'example.com', 'sessionid')).toBeDefined();
  });

  it('settings replaced by garbage from another machine are read as defaults', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const worker = await installed('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 600 });
    await worker.idle();
    await browser.storage.sync.set({ [SETTINGS_KEY]: 'garbage' });
    await worker.idle();
    expect(warn.mock.calls).toEqual([['Session Watch: repaired settings: settings: expected an object, got a string; using the defaults']]);
    expect(storedRecords()).toEqual({});
    // Written back, so the garbage does not stay, and listed for the options page.
    expect(browser.storage.sync.snapshot()).toEqual({ [SETTINGS_KEY]: DEFAULTS });
    expect(browser.storage.local.snapshot()[REPAIRS_KEY]).toEqual([
      { at: NOW, key: SETTINGS_KEY, what: 'settings: expected an object, got a string; using the defaults' },
    ]);
  });
});

describe('messages', () => {
  it("refuses senders that are not this extension's own pages", async () => {
    const worker = await installed('chromium', 'example.com');
    const before = browser.storage.sync.snapshot();
    const message = { type: 'addDomain', payload: { input: 'evil.example' } };
    const strangers = [
      // A content script: our id, a web page's url and tab.
      {
        id: browser.runtime.id,
        url: 'https://evil.example/',
        tab: { id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url: 'https://evil.example/' },
      },
      // Another extension.
      { id: 'ponmlkjihgfedcbaponmlkjihgfedcba', url: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/x.html' },
      // No url at all.
      { id: browser.runtime.id },
    ];
    for (const sender of strangers) {
      await expect(fakeRuntime.deliver(message, sender)).rejects.toThrow(/Receiving end does not exist/);
    }
    await worker.idle();
    expect(browser.storage.sync.snapshot()).toEqual(before);
    // Our own options page, opened in a tab, is heard.
    const options = fakeRuntime.pageSender('options.html');
    await expect(
      fakeRuntime.deliver(message, {
        ...options,
        tab: { id: 4, index: 1, highlighted: true, active: true, pinned: false, incognito: false, url: options.url },
      }),
    ).resolves.toEqual({ ok: true, domain: 'evil.example' });
  });

  it('ignores messages that are not in the message map', async () => {
    await installed('chromium', 'example.com');
    await expect(fakeRuntime.deliver({ type: 'deleteEverything', payload: {} }, fakeRuntime.pageSender())).rejects.toThrow();
    await expect(fakeRuntime.deliver('rescan', fakeRuntime.pageSender())).rejects.toThrow();
  });

  it('addDomain normalises, refuses duplicates and public suffixes', async () => {
    await installed('chromium', 'example.com');
    expect(await send('addDomain', { input: ' https://Shop.Example.org/cart ' })).toEqual({ ok: true, domain: 'shop.example.org' });
    expect(await send('addDomain', { input: 'shop.example.org' })).toEqual({
      ok: false,
      error: { code: 'duplicate', detail: 'shop.example.org' },
    });
    expect(await send('addDomain', { input: 'co.uk' })).toEqual({ ok: false, error: { code: 'public-suffix', detail: 'co.uk' } });
    const stored = browser.storage.sync.snapshot()[SETTINGS_KEY] as { domains: unknown[] };
    expect(stored.domains).toEqual([
      watched('example.com'),
      { domain: 'shop.example.org', site: 'example.org', leadMinutes: null, warnings: true },
    ]);
  });

  it('two adds at once both land', async () => {
    await installed('chromium', 'example.com');
    const answers = await Promise.all([send('addDomain', { input: 'a.org' }), send('addDomain', { input: 'b.org' })]);
    expect(answers).toEqual([
      { ok: true, domain: 'a.org' },
      { ok: true, domain: 'b.org' },
    ]);
    const stored = browser.storage.sync.snapshot()[SETTINGS_KEY] as { domains: Array<{ domain: string }> };
    expect(stored.domains.map((d) => d.domain)).toEqual(['example.com', 'a.org', 'b.org']);
  });

  it("siteInfo says what watching a tab's site would mean", async () => {
    await installed('chromium', 'example.com');
    expect(await send('siteInfo', { url: 'https://app.example.com/dashboard?x=1' })).toEqual({
      ok: true,
      domain: 'app.example.com',
      site: 'example.com',
      origins: ['*://app.example.com/*', '*://*.app.example.com/*', '*://example.com/*'],
      watched: true,
    });
    expect(await send('siteInfo', { url: 'http://127.0.0.1:8000/' })).toMatchObject({ ok: true, domain: '127.0.0.1', watched: false });
    expect(await send('siteInfo', { url: 'chrome://extensions/' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await send('siteInfo', { url: 'about:blank' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await send('siteInfo', { url: 'not a url' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('clearEnded removes ended records only', async () => {
    const worker = await installed('firefox', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'live', value: 'v', maxAge: 3600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'gone', value: 'v', maxAge: 3600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'timedout', value: 'v', maxAge: 60 });
    await fakeCookies.delivered();
    fakeClock.advance(120_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'gone', value: '', maxAge: 0 });
    await worker.idle();
    const id = (name: string) => cookieId({ storeId: 'firefox-default', domain: 'example.com', path: '/', name });

    // "timedout" has no end event in Firefox, but its expiry has passed: it has ended too.
    expect(await send('clearEnded', { ids: [id('live'), id('gone'), id('timedout'), 'no-such-id'] })).toEqual({ cleared: 2 });
    expect(Object.keys(storedRecords())).toEqual([id('live')]);
  });
});

describe('access taken away at runtime', () => {
  const example = watched('example.com');

  it.each(MODES)(
    "keeps the site's records as they were, not ended, with no history line; granting again brings them up to date (%s)",
    async (mode) => {
      const worker = await installed(mode, 'example.com', 'other.org');
      const store = fakeCookies.defaultStoreId();
      for (const name of ['sessionid', '_refreshed_session', '_dropped_session']) {
        fakeCookies.receive({ url: 'https://example.com/', name, value: 'v', maxAge: 3600 });
      }
      fakeCookies.receive({ url: 'https://other.org/', name: 'sid', value: 'v', maxAge: 3600 });
      await worker.idle();
      const ofExample = () => JSON.stringify(Object.entries(storedRecords()).filter(([id]) => id.startsWith(`${store}|example.com|`)));
      const before = ofExample();
      const historyBefore = await readHistory('example.com');

      await fakeCookies.delivered();
      fakeClock.advance(60_000);
      expect(await browser.permissions.remove({ origins: originsFor(example) })).toBe(true);
      await worker.idle();
      expect(ofExample()).toBe(before);
      expect(await readHistory('example.com')).toEqual(historyBefore);

      // While access is off the site changes its cookies; the browser tells the extension nothing.
      await fakeCookies.delivered();
      fakeClock.advance(60_000);
      fakeCookies.receive({ url: 'https://example.com/', name: '_refreshed_session', value: 'w', maxAge: 7200 });
      fakeCookies.receive({ url: 'https://example.com/', name: '_dropped_session', value: '', maxAge: 0 });
      fakeCookies.receive({ url: 'https://other.org/', name: 'sid', value: '', maxAge: 0 });
      // A scan meanwhile (the popup's, or a settings change) leaves them alone too.
      await send('rescan', {});
      await updateSettings((st) => ({ ...st, leadMinutes: 5 }));
      await worker.idle();
      expect(ofExample()).toBe(before);
      expect((await readHistory('example.com')).map((e) => e.kind)).not.toContain('removed');
      // The site with access is watched as ever.
      expect(recordOf(store, 'other.org', 'sid')?.ended).toMatchObject({ cause: 'logged-out' });

      // Granted again: the scan that follows brings every record up to date, without a reload.
      const at = fakeClock.now() + 1_000;
      await fakeCookies.delivered();
      fakeClock.set(at);
      expect(await browser.permissions.request({ origins: originsFor(example) })).toBe(true);
      await worker.idle();
      expect(recordOf(store, 'example.com', 'sessionid')).toMatchObject({ ended: null, firstSeen: NOW });
      expect(recordOf(store, 'example.com', '_refreshed_session')).toMatchObject({ ended: null, firstSeen: NOW });
      expect(recordOf(store, 'example.com', '_refreshed_session')?.expiresAt).toBeCloseTo(NOW + 120_000 + 7_200_000, -3);
      expect(recordOf(store, 'example.com', '_dropped_session')?.ended).toEqual({ cause: 'missing', at });
      expect(
        (await readHistory('example.com'))
          .slice(historyBefore.length)
          .map((e) => [e.kind, e.name])
          .sort(),
      ).toEqual([
        ['refreshed', '_refreshed_session'],
        ['removed', '_dropped_session'],
      ]);
    },
  );

  it('a cold worker woken by the removal keeps the records too', async () => {
    const worker = await installed('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 3600 });
    await worker.idle();
    const before = JSON.stringify(storedRecords());
    worker.stop();
    dropListeners();
    const next = startTestWorker();
    await browser.permissions.remove({ origins: originsFor(example) });
    await next.idle();
    expect(JSON.stringify(storedRecords())).toBe(before);
  });
});

describe('many changes at once', () => {
  it('1,000 watched changes arriving together all land, in order per cookie', async () => {
    const worker = await installed('chromium', 'example.com');
    // 100 cookies, each set then re-sent 9 times a second apart: 1,000 Set-Cookie headers, 1,900 events.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100; i++) {
        fakeCookies.receive({ url: 'https://example.com/', name: `c${i}`, value: `v${round}`, maxAge: 3600 });
      }
      await fakeCookies.delivered();
      fakeClock.advance(1_000);
    }
    await worker.idle();
    const records = Object.values(storedRecords());
    expect(records).toHaveLength(100);
    for (const r of records) {
      expect(r).toMatchObject({ firstSeen: NOW, lastRefreshed: NOW + 9_000, expiresAt: NOW + 9_000 + 3_600_000, ended: null });
    }
  });

  it.each(MODES)('1,000 re-sends of one cookie at once: every refresh counted, none lost (%s)', async (mode) => {
    const worker = await installed(mode, 'example.com');
    for (let i = 0; i < 1000; i++) {
      fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: `v${i}`, maxAge: 3600 });
      await fakeCookies.delivered();
      fakeClock.advance(1_000);
    }
    await worker.idle();
    expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', 'sessionid')).toMatchObject({
      firstSeen: NOW,
      lastRefreshed: NOW + 999_000,
      expiresAt: NOW + 999_000 + 3_600_000,
      refreshes: 999,
      ended: null,
    });
  });

  it.each(MODES)('1,000 logins, refreshes and logouts over ten cookies at once end as the last change said (%s)', async (mode) => {
    const worker = await installed(mode, 'example.com');
    /** What each cookie's record must say, applying the changes one after another. */
    const model = new Map<string, { live: boolean; firstSeen: number; lastRefreshed: number; refreshes: number; endedAt: number | null }>();
    for (let i = 0; i < 1000; i++) {
      const name = `c${i % 10}`;
      const at = fakeClock.now();
      const was = model.get(name);
      const logout = i % 7 === 3;
      fakeCookies.receive({ url: 'https://example.com/', name, value: logout ? '' : `v${i}`, maxAge: logout ? 0 : 3600 });
      if (logout) {
        if (was?.live) model.set(name, { ...was, live: false, endedAt: at });
      } else if (was?.live) {
        model.set(name, { ...was, lastRefreshed: at, refreshes: was.refreshes + 1 });
      } else {
        model.set(name, { live: true, firstSeen: at, lastRefreshed: at, refreshes: 0, endedAt: null });
      }
      await fakeCookies.delivered();
      fakeClock.advance(1_000);
    }
    await worker.idle();
    for (const [name, m] of model) {
      expect(recordOf(fakeCookies.defaultStoreId(), 'example.com', name)).toMatchObject({
        firstSeen: m.firstSeen,
        lastRefreshed: m.lastRefreshed,
        refreshes: m.refreshes,
        ended: m.live ? null : { cause: 'logged-out', at: m.endedAt },
      });
    }
  });
});

describe('bursts cost a storage call per batch, not per change', () => {
  // A read of records, with or without their stamp.
  const isRecordKeys = (keys: unknown) =>
    Array.isArray(keys) &&
    keys.some((k) => String(k).startsWith('cookie:')) &&
    keys.every((k) => String(k).startsWith('cookie:') || k === 'recordsStamp');

  it('1,900 changes arriving together are read with one get, written with one set and planned once', async () => {
    const worker = await installed('chromium', 'example.com');
    const get = vi.spyOn(browser.storage.local, 'get');
    const set = vi.spyOn(browser.storage.local, 'set');
    const planned = vi.spyOn(browser.alarms, 'getAll');
    // Together: all in one burst (the browser delivers them in later tasks, one after another); each round moves the expiry.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100; i++) {
        fakeCookies.receive({ url: 'https://example.com/', name: `c${i}`, value: `v${round}`, maxAge: 3600 + round });
      }
    }
    await worker.idle();

    const recordWrites = set.mock.calls.filter(([items]) => Object.keys(items).some((k) => k.startsWith('cookie:')));
    expect(recordWrites).toHaveLength(1);
    expect(Object.keys(recordWrites[0]?.[0] ?? {}).filter((k) => k.startsWith('cookie:'))).toHaveLength(100);
    // The batch's read of its 100 records, and rescheduling's one read of every record.
    expect(get.mock.calls.filter(([keys]) => isRecordKeys(keys))).toHaveLength(2);
    expect(planned).toHaveBeenCalledTimes(1);
    for (const r of Object.values(storedRecords())) {
      expect(r).toMatchObject({ firstSeen: NOW, lastRefreshed: NOW, expiresAt: NOW + 3_609_000, refreshes: 9, ended: null });
    }
  });

  it('changes that keep arriving while the worker waits on storage all land, and rescheduling still runs once a second', async () => {
    const worker = await installed('chromium', 'example.com');
    const get = browser.storage.local.get;
    let more = 30;
    // Each read of records lets 200 ms pass and brings one more change: the worker never catches up until the flood ends.
    vi.spyOn(browser.storage.local, 'get').mockImplementation(async (keys) => {
      if (more > 0 && isRecordKeys(keys)) {
        more -= 1;
        await fakeCookies.delivered();
        fakeClock.advance(200);
        fakeCookies.receive({ url: 'https://example.com/', name: `_c${more % 3}_session`, value: `v${more}`, maxAge: 3600 });
      }
      return get(keys);
    });
    const planned = vi.spyOn(browser.alarms, 'getAll');
    fakeCookies.receive({ url: 'https://example.com/', name: '_c0_session', value: 'first', maxAge: 3600 });
    await worker.idle();

    expect(more).toBe(0);
    // 6 s of flood: a run at least once a second, not one per batch and not only at the end.
    expect(planned.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(planned.mock.calls.length).toBeLessThan(15);
    // The last change of each cookie is what its record says (_c0_session last re-sent with more = 0, at the end).
    const end = fakeClock.now();
    expect(recordOf('0', 'example.com', '_c0_session')).toMatchObject({ lastRefreshed: end, ended: null });
    expect(recordOf('0', 'example.com', '_c1_session')).toMatchObject({ lastRefreshed: end - 200, ended: null });
    expect(recordOf('0', 'example.com', '_c2_session')).toMatchObject({ lastRefreshed: end - 400, ended: null });
    // And the last rescheduling saw the final records.
    const alarms = (await browser.alarms.getAll()).map((a) => a.name);
    for (const r of Object.values(storedRecords())) expect(alarms).toContain(`end|${r.id}|${r.expiresAt}`);
  });
});

describe('cookie values', () => {
  it.each(MODES)('never reach any storage area or the console (%s)', async (mode) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    resetBrowser({ mode });
    const ws = [watched('example.com'), watched('app.other.org', 'other.org')];
    await watch(...ws);
    grantAccess(...ws);
    const second = fakeCookies.addStore('private');
    const secret = (n: number) => `SECRET-VALUE-${n}-q7Zx`;
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: secret(1), maxAge: 600 });
    fakeCookies.receive({ url: 'https://app.other.org/', domain: 'other.org', name: 'sid', value: secret(2), storeId: second });
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    await fakeCookies.delivered();
    fakeClock.advance(30_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: secret(3), maxAge: 600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'csrftoken', value: secret(4), maxAge: 60 });
    fakeCookies.receive({ url: 'https://app.other.org/', name: 'sid', value: secret(5), maxAge: 0 });
    await browser.cookies.set({ url: 'https://example.com/', name: 'api', value: secret(6) });
    await fakeCookies.delivered();
    fakeClock.advance(120_000);
    await send('rescan', {});
    await worker.idle();

    expect(Object.keys(storedRecords()).length).toBeGreaterThanOrEqual(4);
    const text = allStorageText() + warn.mock.calls.flat().join('\n');
    for (let n = 1; n <= 6; n++) expect(text).not.toContain(secret(n));
    expect(text).not.toContain('SECRET-VALUE');
    expect(text).not.toMatch(/"value"/);
  });
});

describe('the worker script', () => {
  it('registers every listener as soon as it runs', async () => {
    // First import in this file, so the script body runs now, against the fake reset in beforeEach.
    await import('../../src/background/index');
    expect(browser.runtime.onInstalled.hasListeners()).toBe(true);
    expect(browser.runtime.onStartup.hasListeners()).toBe(true);
    expect(browser.runtime.onMessage.hasListeners()).toBe(true);
    expect(browser.cookies.onChanged.hasListeners()).toBe(true);
    expect(browser.storage.onChanged.hasListeners()).toBe(true);
    expect(browser.permissions.onAdded.hasListeners()).toBe(true);
    expect(browser.permissions.onRemoved.hasListeners()).toBe(true);
  });
});

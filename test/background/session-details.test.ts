import type { Cookies } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieId } from '../../src/core/observe';
import { warningKey } from '../../src/core/schedule';
import { send } from '../../src/platform/messaging';
import { STORE_NAMES_KEY } from '../../src/platform/store-names';
import browser, {
  type BrowserMode,
  dropListeners,
  fakeAction,
  fakeAlarms,
  fakeClock,
  fakeContainers,
  fakeCookies,
  fakeRuntime,
  fakeTabs,
  resetBrowser,
} from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { cookieInfoOf } from '../fakes/records';
import {
  allStorageText,
  grantAccess,
  installedWorker,
  scheduledAlarms,
  startTestWorker,
  stopTestWorkers,
  storedRecords,
  watch,
  watched,
} from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const MODES: BrowserMode[] = ['chromium', 'firefox'];

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** A signed-looking JWT whose exp is `expiresAt` (ms). */
const jwt = (expiresAt: number) =>
  `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: 'user-42', iat: NOW / 1000, exp: expiresAt / 1000 }))}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;

function id(name = 'sessionid', partition?: string): string {
  return cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name, partition });
}

beforeEach(() => resetBrowser());

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

describe('a JWT in the value', () => {
  it.each(MODES)('is read for its expiry and never stored, from an event or a scan (%s)', async (mode) => {
    const token = jwt(NOW + 10 * M);
    let worker = await installedWorker(mode, 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: token, maxAge: H / S });
    await worker.idle();
    expect(storedRecords()[id()]?.tokenExpiresAt).toBe(NOW + 10 * M);

    // The same cookie found by a scan in a fresh worker.
    await browser.storage.local.clear();
    worker.stop();
    dropListeners();
    worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();
    expect(storedRecords()[id()]?.tokenExpiresAt).toBe(NOW + 10 * M);

    const everything = allStorageText();
    for (const part of token.split('.')) expect(everything).not.toContain(part);
    expect(everything).not.toContain('user-42');
  });

  it("warns and ends at the token's exp when it comes before the cookie's expiry", async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const tab = fakeTabs.open('https://example.com/');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: jwt(NOW + 10 * M), maxAge: H / S });
    await worker.idle();
    const lived = { id: id(), endsAt: NOW + 10 * M };
    expect(await scheduledAlarms()).toMatchObject({ [warningKey(lived)]: NOW + 8 * M, [`end|${lived.id}|${NOW + 10 * M}`]: NOW + 10 * M });
    expect(fakeAction.badge(tab).text).toBe('10m');

    await fakeCookies.delivered();
    fakeClock.set(NOW + 10 * M);
    fakeAlarms.fireDue();
    await worker.idle();
    expect(fakeAction.badge(tab).color).toBe('#C5221F');
    expect(fakeAction.badge(tab).title).toMatch(/Expired/);
  });

  it("a warning at the token's exp is given once, across scans and worker restarts", async () => {
    let worker = await installedWorker('chromium', 'example.com');
    const create = vi.spyOn(browser.notifications, 'create');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: jwt(NOW + 10 * M), maxAge: H / S });
    await worker.idle();
    await fakeCookies.delivered();
    fakeClock.set(NOW + 8 * M + S);
    fakeAlarms.fireDue();
    await worker.idle();
    await send('rescan', {});
    await worker.idle();
    worker.stop();
    dropListeners();
    worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();
    expect(create.mock.calls.map(([noticeId]) => noticeId)).toEqual(['session-watch|ending|example.com']);

    await fakeCookies.delivered();
    fakeClock.set(NOW + 10 * M);
    fakeAlarms.fireDue();
    await worker.idle();
    await send('rescan', {});
    await worker.idle();
    expect(create.mock.calls.map(([noticeId]) => noticeId)).toEqual([
      'session-watch|ending|example.com',
      'session-watch|ended|example.com',
    ]);
  });

  it('a row ended by its token may be cleared, as the popup shows it ended', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: jwt(NOW + 10 * M), maxAge: H / S });
    await worker.idle();
    expect(await send('clearEnded', { ids: [id()] })).toEqual({ cleared: 0 });
    await fakeCookies.delivered();
    fakeClock.set(NOW + 11 * M);
    expect(await send('clearEnded', { ids: [id()] })).toEqual({ cleared: 1 });
    expect(storedRecords()).toEqual({});
  });
});

describe('a declared idle timeout', () => {
  it('warns at the last refresh plus the timeout minus the lead, and a refresh moves it', async () => {
    const worker = await installedWorker('chromium', { ...watched('example.com'), idleMinutes: 15 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: (14 * 24 * H) / S });
    await worker.idle();
    expect((await scheduledAlarms())[warningKey({ id: id(), endsAt: NOW + 15 * M })]).toBe(NOW + 13 * M);

    await fakeCookies.delivered();
    fakeClock.set(NOW + 5 * M);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'w', maxAge: (14 * 24 * H) / S });
    await worker.idle();
    const names = Object.keys(await scheduledAlarms());
    expect(names).toContain(warningKey({ id: id(), endsAt: NOW + 20 * M }));
    expect(names).not.toContain(warningKey({ id: id(), endsAt: NOW + 15 * M }));
  });
});

describe('partitioned (CHIPS) cookies', () => {
  it.each(MODES)('are recorded with their partition, from a scan and from an event (%s)', async (mode) => {
    resetBrowser({ mode });
    await watch(watched('example.com'));
    grantAccess(watched('example.com'));
    fakeCookies.receive({
      url: 'https://example.com/',
      name: 'sid',
      value: 'v',
      maxAge: 600,
      secure: true,
      partitioned: 'https://shop.test',
    });
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(storedRecords()[id('sid', 'https://shop.test')]).toMatchObject({ partition: 'https://shop.test', ended: null });

    fakeCookies.receive({
      url: 'https://example.com/',
      name: 'sid',
      value: 'w',
      maxAge: 600,
      secure: true,
      partitioned: 'https://blog.test',
    });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sid', value: 'x', maxAge: 600, secure: true });
    await worker.idle();
    expect(Object.keys(storedRecords()).sort()).toEqual([id('sid'), id('sid', 'https://blog.test'), id('sid', 'https://shop.test')].sort());
    expect(storedRecords()[id('sid')]).not.toHaveProperty('partition');
  });

  it('a browser without partitionKey is scanned with the plain call', async () => {
    resetBrowser();
    fakeCookies.supportPartitions(false);
    await watch(watched('example.com'));
    grantAccess(watched('example.com'));
    fakeCookies.receive({ url: 'https://example.com/', name: 'plain', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'chip', value: 'v', maxAge: 600, partitioned: 'https://shop.test' });
    // Set before the extension was installed: no worker heard them.
    await fakeCookies.delivered();
    const warn = vi.spyOn(console, 'warn');
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(Object.keys(storedRecords())).toEqual([id('plain')]);
    expect(await send('rescan', {})).toEqual({ watched: 1 });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('container names', () => {
  it('Firefox: written on install, and again when a container is created, renamed or removed', async () => {
    resetBrowser({ mode: 'firefox' });
    const work = await browser.contextualIdentities!.create({ name: 'Work', color: 'blue', icon: 'briefcase' });
    await watch(watched('example.com'));
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(browser.storage.local.snapshot()[STORE_NAMES_KEY]).toEqual({ [work.cookieStoreId]: 'Work' });

    const bank = await browser.contextualIdentities!.create({ name: 'Banking', color: 'green', icon: 'dollar' });
    await worker.idle();
    await browser.contextualIdentities!.update(work.cookieStoreId, { name: 'Office' });
    await worker.idle();
    expect(browser.storage.local.snapshot()[STORE_NAMES_KEY]).toEqual({ [work.cookieStoreId]: 'Office', [bank.cookieStoreId]: 'Banking' });
    await browser.contextualIdentities!.remove(bank.cookieStoreId);
    await worker.idle();
    expect(browser.storage.local.snapshot()[STORE_NAMES_KEY]).toEqual({ [work.cookieStoreId]: 'Office' });
  });

  it('Firefox: a restarted worker writes nothing when the names are unchanged', async () => {
    resetBrowser({ mode: 'firefox' });
    await browser.contextualIdentities!.create({ name: 'Work', color: 'blue', icon: 'briefcase' });
    let worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    worker.stop();
    dropListeners();
    const set = vi.spyOn(browser.storage.local, 'set');
    worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();
    expect(set.mock.calls.some(([items]) => STORE_NAMES_KEY in items)).toBe(false);
  });

  it('Chromium, or containers turned off: nothing to name, nothing written, nothing thrown', async () => {
    const warn = vi.spyOn(console, 'warn');
    let worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(browser.storage.local.snapshot()).not.toHaveProperty(STORE_NAMES_KEY);

    worker.stop();
    resetBrowser({ mode: 'firefox' });
    fakeContainers.disable();
    worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    expect(browser.storage.local.snapshot()).not.toHaveProperty(STORE_NAMES_KEY);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the hot path', () => {
  /** A change the browser reports, whose value counts its reads. */
  function change(domain: string, reads: { n: number }): Cookies.OnChangedChangeInfoType {
    const cookie = Object.defineProperty({ ...cookieInfoOf('sid', domain), session: true }, 'value', {
      enumerable: true,
      configurable: true,
      get() {
        reads.n += 1;
        return jwt(NOW + H);
      },
    }) as Cookies.Cookie;
    return { removed: false, cause: 'explicit', cookie };
  }

  it('the value of an unwatched cookie is never read, by a warm worker or one just woken', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const reads = { n: 0 };
    for (let i = 0; i < 20; i++) browser.cookies.onChanged.dispatch(change('tracker.net', reads));
    await worker.idle();
    expect(reads.n).toBe(0);

    worker.stop();
    dropListeners();
    const cold = startTestWorker();
    for (let i = 0; i < 20; i++) browser.cookies.onChanged.dispatch(change('tracker.net', reads));
    await cold.idle();
    expect(reads.n).toBe(0);

    browser.cookies.onChanged.dispatch(change('example.com', reads));
    await cold.idle();
    expect(reads.n).toBe(1);
    expect(storedRecords()[cookieId({ storeId: '0', domain: 'example.com', path: '/', name: 'sid' })]).toMatchObject({
      tokenExpiresAt: NOW + H,
    });
  });
});

import type { Cookies } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieStoreIds, cookiesOfSite, onCookieChanged, toCookieInfo, type CookieChange } from '../../src/platform/cookies';
import browser, { type BrowserMode, fakeClock, fakeCookies, fakePermissions, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';

const ALL = ['*://*/*'];

function events(): Array<Pick<Cookies.OnChangedChangeInfoType, 'removed' | 'cause'> & { value: string }> {
  const log: Array<Pick<Cookies.OnChangedChangeInfoType, 'removed' | 'cause'> & { value: string }> = [];
  browser.cookies.onChanged.addListener((i: Cookies.OnChangedChangeInfoType) =>
    log.push({ removed: i.removed, cause: i.cause, value: i.cookie.value }),
  );
  return log;
}

function fresh(mode: BrowserMode) {
  resetBrowser({ mode });
  fakePermissions.grantAtInstall(ALL);
}

beforeEach(() => fresh('chromium'));
afterEach(() => vi.restoreAllMocks());

describe('toCookieInfo', () => {
  it('keeps everything but the value; a browser-session cookie has no expirationDate', async () => {
    const base: Cookies.Cookie = {
      name: 'sessionid',
      value: 'secret',
      domain: '.example.com',
      hostOnly: false,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      session: false,
      expirationDate: 1_767_225_900.25,
      storeId: '0',
      firstPartyDomain: '',
    };
    expect(toCookieInfo(base)).toEqual({
      name: 'sessionid',
      domain: '.example.com',
      path: '/',
      storeId: '0',
      hostOnly: false,
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      expirationDate: 1_767_225_900.25,
      tokenExpiresAt: null,
    });
    const { expirationDate: _e, ...session } = base;
    expect(toCookieInfo({ ...session, session: true })).not.toHaveProperty('expirationDate');
    expect(JSON.stringify(toCookieInfo(base))).not.toContain('secret');
  });
});

describe('cookie adapter', () => {
  it('lists every store and reads a site with its subdomains, without values', async () => {
    const priv = fakeCookies.addStore('private');
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'va' });
    fakeCookies.receive({ url: 'https://app.example.com/', name: 'b', value: 'vb', storeId: priv });
    fakeCookies.receive({ url: 'https://notexample.com/', name: 'c', value: 'vc' });
    await fakeCookies.delivered();
    expect(await cookieStoreIds()).toEqual(['0', '1']);
    expect((await cookiesOfSite('0', 'example.com')).map((c) => c.name)).toEqual(['a']);
    expect((await cookiesOfSite(priv, 'example.com')).map((c) => c.name)).toEqual(['b']);
    expect(JSON.stringify(await cookiesOfSite('0', 'example.com'))).not.toContain('va');
  });

  it('retries with firstPartyDomain: null when First-Party Isolation asks for it (Firefox)', async () => {
    fresh('firefox');
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'v' });
    await fakeCookies.delivered();
    const getAll = vi
      .spyOn(browser.cookies, 'getAll')
      .mockRejectedValueOnce(new Error("First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set."));
    expect((await cookiesOfSite('firefox-default', 'example.com')).map((c) => c.name)).toEqual(['a']);
    expect(getAll).toHaveBeenLastCalledWith({
      domain: 'example.com',
      storeId: 'firefox-default',
      partitionKey: {},
      firstPartyDomain: null,
    });
  });

  it('passes other errors on', async () => {
    await expect(cookiesOfSite('no-such-store', 'example.com')).rejects.toThrow(/store/);
  });

  it('onCookieChanged asks `wanted` with the browser object first and maps only wanted changes', async () => {
    const seen: CookieChange[] = [];
    const wanted = vi.fn((c: { domain: string }) => c.domain === 'example.com');
    const off = onCookieChanged(wanted, (c) => seen.push(c));
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'secret', maxAge: 60 });
    fakeCookies.receive({ url: 'https://other.org/', name: 'b', value: 'v' });
    await fakeCookies.delivered();
    expect(wanted).toHaveBeenCalledTimes(2);
    expect(seen).toEqual([
      {
        removed: false,
        cause: 'explicit',
        cookie: {
          name: 'a',
          domain: 'example.com',
          path: '/',
          storeId: '0',
          hostOnly: true,
          secure: false,
          httpOnly: false,
          sameSite: 'unspecified',
          expirationDate: DEFAULT_NOW / 1000 + 60,
          tokenExpiresAt: null,
        },
        valueChanged: null,
      },
    ]);
    off();
    fakeCookies.receive({ url: 'https://example.com/', name: 'c', value: 'v' });
    await fakeCookies.delivered();
    expect(seen).toHaveLength(1);
  });
});

describe('the cookies fake follows the browsers (docs/browser-behaviour.md#cookie-events)', () => {
  it.each([
    [
      'chromium',
      [
        { removed: true, cause: 'overwrite', value: 'old' },
        { removed: false, cause: 'explicit', value: 'new' },
      ],
    ],
    [
      'firefox',
      [
        { removed: true, cause: 'overwrite', value: 'new' },
        { removed: false, cause: 'explicit', value: 'new' },
      ],
    ],
  ] as const)('%s: re-sending a cookie with a new value is an overwrite removal, then an add', async (mode, expected) => {
    fresh(mode);
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'old', maxAge: 600 });
    await fakeCookies.delivered();
    const log = events();
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'new', maxAge: 600 });
    await fakeCookies.delivered();
    expect(log).toEqual(expected);
  });

  it.each([
    ['chromium', 2],
    ['firefox', 0],
  ] as const)('%s: re-sending it identical gives %i events', async (mode, count) => {
    fresh(mode);
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', expires: DEFAULT_NOW + 600_000 });
    await fakeCookies.delivered();
    const log = events();
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', expires: DEFAULT_NOW + 600_000 });
    await fakeCookies.delivered();
    expect(log).toHaveLength(count);
  });

  it.each([
    ['chromium', 'expired_overwrite'],
    ['firefox', 'explicit'],
  ] as const)('%s: Max-Age=0 removes with cause %s', async (mode, cause) => {
    fresh(mode);
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', maxAge: 600 });
    await fakeCookies.delivered();
    const log = events();
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: '', maxAge: 0 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'never-set', value: '', maxAge: 0 });
    await fakeCookies.delivered();
    expect(log).toEqual([{ removed: true, cause, value: 'v' }]);
    expect(fakeCookies.jar()).toEqual([]);
  });

  it('Chromium: an expired cookie goes, with an "expired" event, only when the store is read', async () => {
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', maxAge: 60 });
    await fakeCookies.delivered();
    const log = events();
    fakeClock.advance(61_000);
    expect(log).toEqual([]);
    expect(await browser.cookies.getAll({})).toEqual([]);
    expect(log).toEqual([{ removed: true, cause: 'expired', value: 'v' }]);
  });

  it('Firefox: getAll keeps returning an expired cookie; "expired" fires only when the name is set again', async () => {
    fresh('firefox');
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', maxAge: 60 });
    await fakeCookies.delivered();
    const log = events();
    fakeClock.advance(61_000);
    expect((await browser.cookies.getAll({})).map((c) => c.name)).toEqual(['s']);
    expect(log).toEqual([]);
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'w', maxAge: 60 });
    await fakeCookies.delivered();
    expect(log).toEqual([
      { removed: true, cause: 'expired', value: 'v' },
      { removed: false, cause: 'explicit', value: 'w' },
    ]);
  });

  it('expirationDate: whole seconds in Chromium, with the fraction in Firefox; none for a browser-session cookie', async () => {
    for (const [mode, expected] of [
      ['chromium', 1_767_225_660],
      ['firefox', 1_767_225_660.25],
    ] as const) {
      fresh(mode);
      fakeClock.set(DEFAULT_NOW + 250);
      fakeCookies.receive({ url: 'https://example.com/', name: 'p', value: 'v', maxAge: 60 });
      fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v' });
      await fakeCookies.delivered();
      const [persistent] = await browser.cookies.getAll({ name: 'p' });
      const [session] = await browser.cookies.getAll({ name: 's' });
      expect(persistent).toMatchObject({ expirationDate: expected, session: false });
      expect(session?.session).toBe(true);
      expect(session).not.toHaveProperty('expirationDate');
    }
  });

  it('a Domain attribute makes a domain cookie; without one the cookie is host-only', async () => {
    fakeCookies.receive({ url: 'https://app.example.com/account/login', domain: 'example.com', name: 'd', value: 'v' });
    fakeCookies.receive({ url: 'https://app.example.com/account/login', name: 'h', value: 'v' });
    await fakeCookies.delivered();
    expect(await browser.cookies.getAll({})).toEqual([
      expect.objectContaining({ name: 'd', domain: '.example.com', hostOnly: false, path: '/account' }),
      expect.objectContaining({ name: 'h', domain: 'app.example.com', hostOnly: true, path: '/account' }),
    ]);
    expect((await browser.cookies.getAll({ url: 'https://www.example.com/account' })).map((c) => c.name)).toEqual(['d']);
  });

  it('each private window and Firefox container is a separate store', async () => {
    fresh('firefox');
    const priv = fakeCookies.addStore('private');
    const work = fakeCookies.addStore('container');
    expect((await browser.cookies.getAllCookieStores()).map((s) => [s.id, s.incognito])).toEqual([
      ['firefox-default', false],
      [priv, true],
      [work, false],
    ]);
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'v', storeId: work });
    await fakeCookies.delivered();
    expect(await browser.cookies.getAll({})).toEqual([]);
    expect(await browser.cookies.getAll({ storeId: work })).toHaveLength(1);
  });

  it('hides cookies of hosts without access: Chromium needs the cookie host, Firefox also takes a subdomain', async () => {
    for (const [mode, visible] of [
      ['chromium', ['h']],
      ['firefox', ['d', 'h']],
    ] as const) {
      resetBrowser({ mode });
      fakePermissions.grantAtInstall(['*://app.example.com/*']);
      const log = events();
      fakeCookies.receive({ url: 'https://app.example.com/', domain: 'example.com', name: 'd', value: 'v' });
      fakeCookies.receive({ url: 'https://app.example.com/', name: 'h', value: 'v' });
      fakeCookies.receive({ url: 'https://other.org/', name: 'o', value: 'v' });
      await fakeCookies.delivered();
      expect((await browser.cookies.getAll({})).map((c) => c.name).sort()).toEqual(visible);
      expect(log).toHaveLength(visible.length);
    }
  });

  it('Chromium refuses firstPartyDomain, as its schema does', async () => {
    await expect(browser.cookies.getAll({ firstPartyDomain: null })).rejects.toThrow(/Unexpected property/);
  });

  it('cookies.set and cookies.remove fire the same events as a site would', async () => {
    const log = events();
    await browser.cookies.set({ url: 'https://example.com/', name: 's', value: 'a' });
    await browser.cookies.set({ url: 'https://example.com/', name: 's', value: 'b' });
    expect(await browser.cookies.remove({ url: 'https://example.com/', name: 's' })).toMatchObject({ name: 's' });
    expect(await browser.cookies.remove({ url: 'https://example.com/', name: 's' })).toBeNull();
    expect(log.map((e) => `${e.removed ? '-' : '+'}${e.cause}`)).toEqual(['+explicit', '-overwrite', '+explicit', '-explicit']);
  });

  it('a browser restart drops browser-session cookies and private windows without events', async () => {
    const priv = fakeCookies.addStore('private');
    fakeCookies.receive({ url: 'https://example.com/', name: 'session', value: 'v' });
    fakeCookies.receive({ url: 'https://example.com/', name: 'persistent', value: 'v', maxAge: 600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'private', value: 'v', storeId: priv });
    await fakeCookies.delivered();
    const log = events();
    fakeCookies.restartBrowser();
    expect(log).toEqual([]);
    expect(await cookieStoreIds()).toEqual(['0']);
    expect(fakeCookies.jar().map((c) => c.name)).toEqual(['persistent']);
  });
});

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const jwt = (payload: object) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;

describe('what the adapter reads from a value before dropping it', () => {
  it('a JWT value gives tokenExpiresAt from its exp; the value itself is not kept', async () => {
    const token = jwt({ sub: 'someone', iat: 1_767_225_000, exp: 1_767_226_000 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'access_token', value: token, maxAge: 3600 });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'opaque-value', maxAge: 3600 });
    await fakeCookies.delivered();
    const read = await cookiesOfSite('0', 'example.com');
    expect(read.find((c) => c.name === 'access_token')?.tokenExpiresAt).toBe(1_767_226_000_000);
    expect(read.find((c) => c.name === 'sessionid')?.tokenExpiresAt).toBeNull();
    expect(JSON.stringify(read)).not.toContain(token.split('.')[1]);
    expect(JSON.stringify(read)).not.toContain('opaque-value');
  });

  it('events carry the token expiry too', async () => {
    const seen: CookieChange[] = [];
    onCookieChanged(
      () => true,
      (c) => seen.push(c),
    );
    fakeCookies.receive({ url: 'https://example.com/', name: 't', value: jwt({ exp: 1_767_226_000 }) });
    await fakeCookies.delivered();
    expect(seen[0]?.cookie.tokenExpiresAt).toBe(1_767_226_000_000);
  });

  it('an unwanted cookie never has its value read, a wanted one exactly once', async () => {
    let reads = 0;
    const cookie = (domain: string): Cookies.Cookie => ({
      name: 's',
      domain,
      hostOnly: true,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      session: true,
      storeId: '0',
      firstPartyDomain: '',
      get value() {
        reads += 1;
        return jwt({ exp: 1_767_226_000 });
      },
    });
    const seen: CookieChange[] = [];
    onCookieChanged(
      (c) => c.domain === 'example.com',
      (c) => seen.push(c),
    );
    for (let i = 0; i < 10; i++) browser.cookies.onChanged.dispatch({ removed: false, cause: 'explicit', cookie: cookie('tracker.net') });
    expect(reads).toBe(0);
    browser.cookies.onChanged.dispatch({ removed: false, cause: 'explicit', cookie: cookie('example.com') });
    expect(reads).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('a `wanted` that answers later delivers the wanted changes in order and drops the rest', async () => {
    const seen: string[] = [];
    let answer: (yes: boolean) => void = () => undefined;
    const later = new Promise<boolean>((resolve) => (answer = resolve));
    onCookieChanged(
      (c) => (c.domain === 'example.com' ? later : Promise.resolve(false)),
      (c) => seen.push(c.cookie.name),
    );
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'v' });
    fakeCookies.receive({ url: 'https://other.org/', name: 'x', value: 'v' });
    fakeCookies.receive({ url: 'https://example.com/', name: 'b', value: 'v' });
    await fakeCookies.delivered();
    expect(seen).toEqual([]);
    answer(true);
    await later;
    await Promise.resolve();
    expect(seen).toEqual(['a', 'b']);
  });

  it('a `wanted` that fails drops the change without an unhandled rejection', async () => {
    const seen: CookieChange[] = [];
    onCookieChanged(
      () => Promise.reject(new Error('settings unreadable')),
      (c) => seen.push(c),
    );
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'v' });
    await fakeCookies.delivered();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([]);
  });
});

describe('a new value in an overwrite pair (a new session id), told without keeping a value', () => {
  it.each<[BrowserMode, number | undefined, string, boolean | null]>([
    ['chromium', undefined, 'new-id', true],
    ['chromium', undefined, 'same-id', false],
    ['chromium', 600, 'new-id', true],
    ['chromium', 600, 'same-id', false],
    // Firefox's removal carries the new value; it fires nothing for an identical re-send.
    ['firefox', undefined, 'new-id', true],
    ['firefox', 600, 'new-id', null],
    ['firefox', 600, 'same-id', null],
  ])('%s, max-age %s, re-sent with %s -> %s', async (mode, maxAge, value, expected) => {
    resetBrowser({ mode });
    fakePermissions.grantAtInstall(['*://example.com/*']);
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'same-id', ...(maxAge ? { maxAge } : {}) });
    await fakeCookies.delivered();
    const seen: CookieChange[] = [];
    onCookieChanged(
      () => true,
      (c) => seen.push(c),
    );
    fakeClock.set(DEFAULT_NOW + 5_000);
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value, ...(maxAge ? { maxAge } : {}) });
    await fakeCookies.delivered();
    const added = seen.filter((c) => !c.removed);
    if (mode === 'firefox' && value === 'same-id' && maxAge === undefined) expect(added).toEqual([]);
    else expect(added.map((c) => c.valueChanged)).toEqual([expected]);
    expect(JSON.stringify(seen)).not.toContain('new-id');
    expect(JSON.stringify(seen)).not.toContain('same-id');
  });

  it('an add with no overwrite before it cannot tell', async () => {
    fakePermissions.grantAtInstall(['*://example.com/*']);
    const seen: CookieChange[] = [];
    onCookieChanged(
      () => true,
      (c) => seen.push(c),
    );
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'first' });
    await fakeCookies.delivered();
    expect(seen.map((c) => c.valueChanged)).toEqual([null]);
  });
});

describe('partitioned (CHIPS) cookies', () => {
  it.each(['chromium', 'firefox'] as const)('are read with their top-level site as partition (%s)', async (mode) => {
    fresh(mode);
    const store = fakeCookies.defaultStoreId();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sid', value: 'v', maxAge: 600, secure: true });
    fakeCookies.receive({
      url: 'https://example.com/',
      name: 'sid',
      value: 'w',
      maxAge: 600,
      secure: true,
      partitioned: 'https://shop.test',
    });
    const read = await cookiesOfSite(store, 'example.com');
    expect(read.map((c) => [c.name, c.partition])).toEqual([
      ['sid', undefined],
      ['sid', 'https://shop.test'],
    ]);
    expect(read[0]).not.toHaveProperty('partition');
  });

  it('a browser without partitionKey gets the plain call and the unpartitioned cookies', async () => {
    fakeCookies.supportPartitions(false);
    fakeCookies.receive({ url: 'https://example.com/', name: 'plain', value: 'v' });
    fakeCookies.receive({ url: 'https://example.com/', name: 'chip', value: 'v', partitioned: 'https://shop.test' });
    await fakeCookies.delivered();
    const getAll = vi.spyOn(browser.cookies, 'getAll');
    expect((await cookiesOfSite('0', 'example.com')).map((c) => c.name)).toEqual(['plain']);
    expect(getAll.mock.calls.map(([d]) => d)).toEqual([
      { domain: 'example.com', storeId: '0', partitionKey: {} },
      { domain: 'example.com', storeId: '0' },
    ]);
  });

  it('Firefox with First-Party Isolation and without partitionKey: both keys sorted out', async () => {
    fresh('firefox');
    fakeCookies.receive({ url: 'https://example.com/', name: 'a', value: 'v' });
    await fakeCookies.delivered();
    const getAll = vi
      .spyOn(browser.cookies, 'getAll')
      .mockRejectedValueOnce(new Error("Error processing partitionKey: Unexpected property 'partitionKey'"))
      .mockRejectedValueOnce(new Error("First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set."));
    expect((await cookiesOfSite('firefox-default', 'example.com')).map((c) => c.name)).toEqual(['a']);
    expect(getAll).toHaveBeenLastCalledWith({ domain: 'example.com', storeId: 'firefox-default', firstPartyDomain: null });
  });

  it('the fake keeps a partitioned cookie apart per top-level site and lists it only when asked', async () => {
    const log = events();
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'a', partitioned: 'https://one.test' });
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'b', partitioned: 'https://two.test' });
    fakeCookies.receive({ url: 'https://example.com/', name: 's', value: 'c' });
    await fakeCookies.delivered();
    expect(log.map((e) => e.cause)).toEqual(['explicit', 'explicit', 'explicit']);
    expect((await browser.cookies.getAll({})).map((c) => c.value)).toEqual(['c']);
    expect((await browser.cookies.getAll({ partitionKey: {} })).map((c) => c.value).sort()).toEqual(['a', 'b', 'c']);
    expect((await browser.cookies.getAll({ partitionKey: { topLevelSite: 'https://two.test' } })).map((c) => c.value)).toEqual(['b']);
    fakeCookies.supportPartitions(false);
    await expect(browser.cookies.getAll({ partitionKey: {} })).rejects.toThrow(/Unexpected property: 'partitionKey'/);
  });
});

import { describe, expect, it } from 'vitest';
import { redirectPathOf, requestCheck } from '../../src/platform/check-request';
import browser, { type BrowserMode, fakePermissions, fakeWebRequest, resetBrowser } from '../fakes/browser';
import { fakeFetch, useFakeFetch } from '../fakes/fetch';

const MODES: BrowserMode[] = ['chromium', 'firefox'];
const ME = 'https://bank.example/api/me';

useFakeFetch();

function withAccess(mode: BrowserMode): void {
  resetBrowser({ mode });
  fakePermissions.grantAtInstall(['*://bank.example/*', '*://*.bank.example/*']);
}

describe('redirectPathOf', () => {
  it.each<[string | null, string, string]>([
    ['/login?next=/me', ME, '/login'],
    ['login', ME, '/api/login'],
    ['https://bank.example/accounts/login/', ME, '/accounts/login/'],
    ['//bank.example/sso', ME, '/sso'],
    ['https://id.bank.example/login', ME, ''],
    ['https://evil.example/login', ME, ''],
    ['http://bank.example/login', 'https://bank.example:8443/me', ''],
    ['http://[::1', ME, ''],
    [null, ME, ''],
  ])('%j from %s -> %j', (location, from, path) => {
    expect(redirectPathOf(location, from)).toBe(path);
  });
});

describe('requestCheck', () => {
  it.each(MODES)('a GET with the cookies, redirects not followed, nothing cached, the body never read (%s)', async (mode) => {
    withAccess(mode);
    fakeFetch.answer({ status: 200 });
    expect(await requestCheck(ME)).toEqual({ status: 200, redirectPath: null });
    expect(fakeFetch.requests()).toEqual([
      {
        at: expect.any(Number) as number,
        url: ME,
        method: 'GET',
        credentials: 'include',
        redirect: 'manual',
        cache: 'no-store',
        bodyRead: false,
      },
    ]);
  });

  it.each(MODES)('a redirect: the status and path read from its headers, and never followed (%s)', async (mode) => {
    withAccess(mode);
    fakeFetch.answer({ status: 303, location: '/accounts/login/?next=/api/me' });
    expect(await requestCheck(ME)).toEqual({ status: 303, redirectPath: '/accounts/login/' });
    expect(fakeFetch.requests().map((r) => r.url)).toEqual([ME]);
  });

  it('a redirect off the site gives no path, and is not followed either', async () => {
    withAccess('chromium');
    fakeFetch.answer({ status: 302, location: 'https://sso.evil.example/login' });
    expect(await requestCheck(ME)).toEqual({ status: 302, redirectPath: '' });
    expect(fakeFetch.requests().map((r) => r.url)).toEqual([ME]);
  });

  it('a redirect whose headers webRequest could not tell (no access): an unknown redirect', async () => {
    resetBrowser();
    fakeFetch.answer({ status: 302, location: '/login' });
    expect(await requestCheck(ME)).toEqual({ status: 302, redirectPath: '' });
  });

  it("a page's request to the same URL in a tab is not taken for the check's answer", async () => {
    withAccess('chromium');
    fakeFetch.respond(() => {
      // A tab loads the same URL meanwhile and is sent to the login page.
      fakeWebRequest.answer(ME, 302, '/login');
      return { status: 302, location: '/welcome' };
    });
    expect(await requestCheck(ME)).toEqual({ status: 302, redirectPath: '/welcome' });
  });

  it.each([401, 403, 440, 500])('status %i is given as it is', async (status) => {
    withAccess('chromium');
    fakeFetch.answer({ status });
    expect(await requestCheck(ME)).toEqual({ status, redirectPath: null });
  });

  it.each(MODES)('no answer (offline, refused): status 0 (%s)', async (mode) => {
    withAccess(mode);
    fakeFetch.answer('fail');
    expect(await requestCheck(ME)).toEqual({ status: 0, redirectPath: null });
  });

  it('listens for its answer only while the request lasts', async () => {
    withAccess('chromium');
    fakeFetch.answer({ status: 200 });
    await requestCheck(ME);
    fakeFetch.answer('fail');
    await requestCheck(ME);
    expect(browser.webRequest.onHeadersReceived.hasListeners()).toBe(false);
  });

  it.each(MODES)('a loopback check URL with a port: its redirect is read too (%s)', async (mode) => {
    resetBrowser({ mode });
    fakePermissions.grantAtInstall(['*://127.0.0.1/*']);
    fakeFetch.answer({ status: 302, location: '/login' });
    expect(await requestCheck('http://127.0.0.1:8000/api/me')).toEqual({ status: 302, redirectPath: '/login' });
  });
});

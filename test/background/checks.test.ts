import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Worker } from '../../src/background/worker';
import { formatTime } from '../../src/core/format';
import { cookieId } from '../../src/core/observe';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import { readHistory } from '../../src/platform/history-store';
import { send } from '../../src/platform/messaging';
import browser, { type BrowserMode, fakeAlarms, fakeClock, fakeCookies, fakeWebRequest, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { deferred } from '../fakes/deferred';
import { fakeFetch, useFakeFetch, type Reply } from '../fakes/fetch';
import { installedWorker, stopTestWorkers, storedRecords, liveUntil } from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const MODES: BrowserMode[] = ['chromium', 'firefox'];
const ME = 'https://example.com/api/me';

useFakeFetch();
beforeEach(() => resetBrowser());
afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

function site(over: Partial<WatchedDomain> = {}): WatchedDomain {
  return { domain: 'example.com', site: 'example.com', leadMinutes: null, warnings: true, checkUrl: ME, ...over };
}

function sid(name = 'sessionid'): string {
  return cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name });
}

/** A login in a tab: a page request, and the session cookie in its answer. */
function login(maxAge?: number, value = 'secret-value'): void {
  fakeWebRequest.request('https://example.com/login', 200);
  fakeCookies.receive(
    maxAge === undefined
      ? { url: 'https://example.com/', name: 'sessionid', value }
      : { url: 'https://example.com/', name: 'sessionid', value, maxAge },
  );
}

function checks(): Record<string, unknown> {
  return (browser.storage.session.snapshot().checks ?? {}) as Record<string, unknown>;
}

/** Every notification created from now on, in order (including ones since cleared). */
function notificationLog() {
  return vi.spyOn(browser.notifications, 'create');
}

function created(spy: ReturnType<typeof notificationLog>) {
  return spy.mock.calls.map(([id, options]) => ({ id: typeof id === 'string' ? id : '', message: options?.message ?? '' }));
}

describe('"Check now"', () => {
  it.each<[string, Reply, string, number]>([
    ['a 200: signed in', { status: 200 }, 'signed-in', 200],
    ['a 401: signed out', { status: 401 }, 'signed-out', 401],
    ['a 403: signed out', { status: 403 }, 'signed-out', 403],
    [
      'a 302 to /login: signed out, its Location read from the headers',
      { status: 302, location: '/login?next=/api/me' },
      'signed-out',
      302,
    ],
    ['a 302 elsewhere: unknown', { status: 302, location: '/home' }, 'unknown', 302],
    ['a 500: unknown', { status: 500 }, 'unknown', 500],
    ['no answer: unknown, status 0', 'fail', 'unknown', 0],
  ])('%s, in the checks log and the history', async (_name, reply, result, status) => {
    const worker = await installedWorker('chromium', site());
    fakeFetch.answer(reply);
    fakeClock.set(NOW + 5 * S);
    const answer = await send('checkNow', { domain: 'example.com' });
    await worker.idle();
    const check = { at: NOW + 5 * S, result, status, redirected: status === 302, by: 'user' };
    expect(answer).toEqual({ ok: true, check });
    expect(checks()).toEqual({ 'example.com': check });
    expect((await readHistory('example.com')).filter((e) => e.kind === 'checked')).toEqual([
      { at: NOW + 5 * S, site: 'example.com', kind: 'checked', name: '', storeId: '', result, status },
    ]);
    // Only the check URL, with the cookies, and no redirect followed.
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

  it('the login path the user named makes a redirect to it a sign-out', async () => {
    const worker = await installedWorker('firefox', site({ loginPath: '/welcome' }));
    fakeFetch.answer({ status: 302, location: 'https://example.com/welcome/' });
    expect(await send('checkNow', { domain: 'example.com' })).toMatchObject({ ok: true, check: { result: 'signed-out' } });
    await worker.idle();
  });

  it.each<[string, () => Promise<Worker>, string]>([
    ['a domain not watched', () => installedWorker('chromium', site()), 'not-watched'],
    ['a site without a check URL', () => installedWorker('chromium', site({ checkUrl: undefined })), 'no-check-url'],
  ])('refuses %s, and requests nothing', async (name, start, error) => {
    const worker = await start();
    const domain = name.includes('not watched') ? 'other.example' : 'example.com';
    expect(await send('checkNow', { domain })).toEqual({ ok: false, error });
    await worker.idle();
    expect(fakeFetch.requests()).toEqual([]);
    expect(checks()).toEqual({});
  });

  it('refuses a second check of the site while one is in flight: busy', async () => {
    const worker = await installedWorker('chromium', site());
    const answer = deferred<Reply>();
    fakeFetch.respond(() => answer.promise);
    const first = send('checkNow', { domain: 'example.com' });
    await vi.waitFor(() => expect(fakeFetch.requests()).toHaveLength(1));
    expect(await send('checkNow', { domain: 'example.com' })).toEqual({ ok: false, error: 'busy' });
    answer.resolve({ status: 200 });
    expect(await first).toMatchObject({ ok: true });
    // Once answered, the next one goes.
    fakeFetch.answer({ status: 200 });
    expect(await send('checkNow', { domain: 'example.com' })).toMatchObject({ ok: true });
    await worker.idle();
    expect(fakeFetch.requests()).toHaveLength(2);
  });

  it('refuses without access to the site: nothing is requested, and the check is kept as unanswered', async () => {
    const worker = await installedWorker('chromium', site());
    await browser.permissions.remove({ origins: ['*://example.com/*', '*://*.example.com/*'] });
    await worker.idle();
    expect(await send('checkNow', { domain: 'example.com' })).toEqual({ ok: false, error: 'no-access' });
    await worker.idle();
    expect(fakeFetch.requests()).toEqual([]);
    expect(checks()).toMatchObject({ 'example.com': { result: 'unknown', status: 0 } });
  });

  it.each(MODES)("a signed-out answer ends the site's live sessions on the server, and the notice says so (%s)", async (mode) => {
    const worker = await installedWorker(mode, site());
    const spy = notificationLog();
    login(3600);
    await worker.idle();
    fakeClock.set(NOW + 3 * S);
    fakeFetch.answer({ status: 401 });
    expect(await send('checkNow', { domain: 'example.com' })).toMatchObject({ ok: true, check: { result: 'signed-out' } });
    await worker.idle();
    expect(storedRecords()[sid()]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 3 * S });
    const history = await readHistory('example.com');
    expect(history.filter((e) => e.kind === 'ended-by-server')).toEqual([
      { at: NOW + 3 * S, site: 'example.com', kind: 'ended-by-server', name: 'sessionid', storeId: fakeCookies.defaultStoreId() },
    ]);
    const ended = created(spy).filter((n) => n.id.includes('ended'));
    expect(ended).toEqual([
      {
        id: expect.any(String) as string,
        message: `sessionid has already ended on the server (checked at ${formatTime(NOW + 3 * S, 'en-US')}).`,
      },
    ]);
  });

  it('a 302 to the login page ends the sessions too, read from onHeadersReceived', async () => {
    const worker = await installedWorker('chromium', site());
    login(3600);
    await worker.idle();
    fakeFetch.answer({ status: 302, location: '/accounts/login/?next=/api/me' });
    expect(await send('checkNow', { domain: 'example.com' })).toMatchObject({
      ok: true,
      check: { result: 'signed-out', status: 302, redirected: true },
    });
    await worker.idle();
    expect(storedRecords()[sid()]?.ended).toMatchObject({ cause: 'ended-by-server' });
    expect(fakeFetch.requests().map((r) => r.url)).toEqual([ME]);
  });

  it.each(MODES)(
    'a signed-out check after an idle gap teaches the idle timeout, and a check while active teaches nothing (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, site());
      login();
      await worker.idle();
      // Active: a check a few seconds after the login is no return from idleness.
      fakeClock.set(NOW + 3 * S);
      fakeFetch.answer({ status: 401 });
      await send('checkNow', { domain: 'example.com' });
      await worker.idle();
      expect(browser.storage.local.snapshot().idleBounds).toBeUndefined();

      // A new login, then 35 s away, then a check that finds the session ended.
      fakeClock.set(NOW + 5 * S);
      login(undefined, 'second-secret');
      await worker.idle();
      expect(storedRecords()[sid()]?.ended).toBeNull();
      fakeClock.set(NOW + 40 * S);
      fakeFetch.answer({ status: 401 });
      await send('checkNow', { domain: 'example.com' });
      await worker.idle();
      expect(browser.storage.local.snapshot().idleBounds).toEqual({
        'example.com|sessionid': expect.objectContaining({ endedMs: 35 * S, sessions: 1 }) as unknown,
      });
      // The end is the check's: it names no idle time.
      expect(storedRecords()[sid()]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 40 * S });
    },
  );

  it('a signed-in answer ends nothing, and keeps nothing of the answer but status, time and redirect-or-not', async () => {
    const worker = await installedWorker('chromium', site());
    login(3600);
    await worker.idle();
    fakeFetch.answer({ status: 200 });
    await send('checkNow', { domain: 'example.com' });
    await worker.idle();
    expect(storedRecords()[sid()]?.ended).toBeNull();
    const everything = JSON.stringify([
      browser.storage.local.snapshot(),
      browser.storage.sync.snapshot(),
      browser.storage.session.snapshot(),
    ]);
    expect(everything).not.toContain('someone');
    expect(everything).not.toContain('secret-value');
  });

  it("the check's request moves the server's idle clock, not the user's activity", async () => {
    const worker = await installedWorker('chromium', site({ idleMinutes: 10 }));
    login();
    await worker.idle();
    fakeClock.set(NOW + 2 * M);
    fakeFetch.answer({ status: 200 });
    await send('checkNow', { domain: 'example.com' });
    await worker.idle();
    const activity = (browser.storage.session.snapshot().activity as Record<string, { lastRequestAt: number; userAt?: number }>)[
      'example.com'
    ];
    expect(activity).toMatchObject({ lastRequestAt: NOW + 2 * M, userAt: NOW });
  });

  it('a slow answer counts from when the request went: the server saw it then', async () => {
    const worker = await installedWorker('firefox', site({ idleMinutes: 10 }));
    login();
    await worker.idle();
    const answer = deferred<Reply>();
    fakeFetch.respond(() => answer.promise);
    fakeClock.set(NOW + 2 * M);
    const asked = send('checkNow', { domain: 'example.com' });
    await vi.waitFor(() => expect(fakeFetch.requests()).toHaveLength(1));
    fakeClock.set(NOW + 2 * M + 12 * S);
    answer.resolve({ status: 200 });
    expect(await asked).toMatchObject({ ok: true, check: { at: NOW + 2 * M + 12 * S } });
    await worker.idle();
    const activity = (browser.storage.session.snapshot().activity as Record<string, { lastRequestAt: number }>)['example.com'];
    expect(activity?.lastRequestAt).toBe(NOW + 2 * M);
  });
});

describe('the check at the warning moment', () => {
  it.each(MODES)('holds the ending notice until the check answers, then gives it (%s)', async (mode) => {
    const worker = await installedWorker(mode, site());
    const spy = notificationLog();
    login(10 * 60);
    await worker.idle();
    const answer = deferred<Reply>();
    fakeFetch.respond(() => answer.promise);
    // The warning moment, 2 min before the end (the worker cannot be idle while the check waits for its answer).
    fakeClock.set(NOW + 8 * M);
    fakeAlarms.fireDue();
    await vi.waitFor(() => expect(fakeFetch.requests()).toHaveLength(1));
    expect(created(spy).filter((n) => n.id.includes('ending'))).toEqual([]);
    answer.resolve({ status: 200 });
    await worker.idle();
    expect(created(spy).filter((n) => n.id.includes('ending'))).toHaveLength(1);
    expect(checks()).toMatchObject({ 'example.com': { result: 'signed-in', by: 'warning' } });
    expect((await readHistory('example.com')).filter((e) => e.kind === 'checked')).toHaveLength(1);
  });

  it('a signed-out answer at the warning moment gives the ended notice instead', async () => {
    const worker = await installedWorker('chromium', site());
    const spy = notificationLog();
    login(10 * 60);
    await worker.idle();
    fakeFetch.answer({ status: 401 });
    await liveUntil(worker, NOW + 8 * M);
    await worker.idle();
    const shown = created(spy);
    expect(shown.filter((n) => n.id.includes('ending'))).toEqual([]);
    expect(shown.filter((n) => n.id.includes('ended')).map((n) => n.message)).toEqual([
      `sessionid has already ended on the server (checked at ${formatTime(NOW + 8 * M, 'en-US')}).`,
    ]);
  });

  it("checks at most once per stretch of the user's activity, however often the warning comes back", async () => {
    // A 5 min idle timeout: a signed-in check pushes the end out, and the warning comes again.
    const worker = await installedWorker('chromium', site({ idleMinutes: 5 }));
    login();
    await worker.idle();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 20 * M);
    expect(fakeFetch.requests()).toHaveLength(1);
    // The user comes back: the next warning may check once more.
    fakeWebRequest.request('https://example.com/inbox', 200);
    await liveUntil(worker, NOW + 40 * M);
    expect(fakeFetch.requests()).toHaveLength(2);
  });

  it('a site without a check URL is warned at once, and nothing is requested or read for it', async () => {
    const worker = await installedWorker('chromium', site({ checkUrl: undefined }));
    const spy = notificationLog();
    const reads = vi.spyOn(browser.storage.session, 'get');
    login(10 * 60);
    await liveUntil(worker, NOW + 8 * M);
    expect(created(spy).filter((n) => n.id.includes('ending'))).toHaveLength(1);
    expect(fakeFetch.requests()).toEqual([]);
    expect(reads.mock.calls.flat()).not.toContain('checks');
    expect(reads.mock.calls.flat()).not.toContain('keepAlive');
  });
});

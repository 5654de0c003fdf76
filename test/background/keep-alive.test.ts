import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEEP_ALIVE_ALARM } from '../../src/background/keep-alive';
import type { Worker } from '../../src/background/worker';
import { formatTime } from '../../src/core/format';
import { cookieId } from '../../src/core/observe';
import { DEFAULTS, SETTINGS_KEY, type Settings, type WatchedDomain } from '../../src/core/settings-defaults';
import { readHistory } from '../../src/platform/history-store';
import browser, {
  type BrowserMode,
  fakeAlarms,
  fakeClock,
  fakeCookies,
  fakeIdle,
  fakePermissions,
  fakeRuntime,
  fakeWebRequest,
  resetBrowser,
} from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { deferred } from '../fakes/deferred';
import { fakeFetch, useFakeFetch, type Reply } from '../fakes/fetch';
import { send } from '../../src/platform/messaging';
import {
  grantAccess,
  restartTestWorker,
  scheduledAlarms,
  startTestWorker,
  stopTestWorkers,
  storedRecords,
  liveUntil,
} from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const MODES: BrowserMode[] = ['chromium', 'firefox'];
const ME = 'https://example.com/api/me';
const ALARM = `${KEEP_ALIVE_ALARM}example.com`;
const STOP_NOTICE = 'session-watch|keep-alive|example.com';

useFakeFetch();
beforeEach(() => resetBrowser());
afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

/** A site kept alive whose server ends a session after 1 min idle: keep-alive goes 15 s before that end. */
function site(over: Partial<WatchedDomain> = {}): WatchedDomain {
  return {
    domain: 'example.com',
    site: 'example.com',
    leadMinutes: null,
    warnings: true,
    idleMinutes: 1,
    checkUrl: ME,
    keepAlive: true,
    ...over,
  };
}

/** A worker watching `w`, with access to it, and the idle permission unless told otherwise. */
async function start(mode: BrowserMode, w: WatchedDomain, over: Partial<Settings> = {}, idle = true): Promise<Worker> {
  resetBrowser({ mode });
  await browser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULTS, domains: [w], ...over } });
  grantAccess(w);
  if (idle) fakePermissions.grantApi('idle');
  const worker = startTestWorker();
  fakeRuntime.install();
  await worker.idle();
  return worker;
}

/** A login in a tab: a page request, and a browser-session cookie in its answer. */
function login(maxAge?: number): void {
  fakeWebRequest.request('https://example.com/login', 200);
  fakeCookies.receive(
    maxAge === undefined
      ? { url: 'https://example.com/', name: 'sessionid', value: 'secret-value' }
      : { url: 'https://example.com/', name: 'sessionid', value: 'secret-value', maxAge },
  );
}

function sid(): string {
  return cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name: 'sessionid' });
}

/** When each request to the check URL went, in seconds after NOW. */
function requestTimes(): number[] {
  return fakeFetch.requests().map((r) => (r.at - NOW) / S);
}

function notificationLog() {
  return vi.spyOn(browser.notifications, 'create');
}

function created(spy: ReturnType<typeof notificationLog>) {
  return spy.mock.calls.map(([id, options]) => ({ id: typeof id === 'string' ? id : '', message: options?.message ?? '' }));
}

function userAt(): number | undefined {
  return (browser.storage.session.snapshot().activity as Record<string, { userAt?: number }> | undefined)?.['example.com']?.userAt;
}

describe('keep-alive in the worker', () => {
  it.each(MODES)(
    'requests the check URL 15 s before the 1 min idle end, and again each period, while the user is there (%s)',
    async (mode) => {
      const worker = await start(mode, site());
      const spy = notificationLog();
      login();
      await worker.idle();
      expect((await scheduledAlarms())[ALARM]).toBe(NOW + 45 * S);
      fakeFetch.answer({ status: 200 });
      await liveUntil(worker, NOW + 5 * M);
      expect(requestTimes()).toEqual([45, 90, 135, 180, 225, 270]);
      // Only the check URL, never a redirect followed.
      expect(new Set(fakeFetch.requests().map((r) => `${r.url} ${r.redirect} ${r.credentials}`))).toEqual(
        new Set([`${ME} manual include`]),
      );
      const kept = (await readHistory('example.com')).filter((e) => e.kind === 'kept-alive');
      expect(kept).toHaveLength(6);
      expect(kept[0]).toEqual({
        at: NOW + 45 * S,
        site: 'example.com',
        kind: 'kept-alive',
        name: '',
        storeId: '',
        result: 'signed-in',
        status: 200,
      });
      // Kept alive: no "ending soon", no "ended".
      expect(created(spy)).toEqual([]);
      // The extension's own requests are not the user's activity.
      expect(userAt()).toBe(NOW);
    },
  );

  it('pauses while the computer is idle or locked, and resumes when the user is back', async () => {
    const worker = await start('chromium', site());
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 50 * S);
    expect(requestTimes()).toEqual([45]);
    fakeIdle.set('idle');
    await worker.idle();
    expect((await scheduledAlarms())[ALARM]).toBeUndefined();
    await liveUntil(worker, NOW + 80 * S);
    fakeIdle.set('active');
    await liveUntil(worker, NOW + 95 * S);
    expect(requestTimes()).toEqual([45, 90]);
    fakeIdle.set('locked');
    await liveUntil(worker, NOW + 140 * S);
    expect(requestTimes()).toEqual([45, 90]);
    fakeIdle.set('active');
    await liveUntil(worker, NOW + 141 * S);
    // Back after the planned moment: at once.
    expect(requestTimes()).toEqual([45, 90, 140]);
  });

  it('stops at the cap since the last real activity: one notification, one history line, then nothing; activity resumes it', async () => {
    const worker = await start('firefox', site(), { keepAliveCapMinutes: 5 });
    const spy = notificationLog();
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 290 * S);
    // The one at 315 s would be past the cap at 300 s: the one at 270 s was the last.
    expect(requestTimes()).toEqual([45, 90, 135, 180, 225, 270]);
    const stops = (await readHistory('example.com')).filter((e) => e.kind === 'keep-alive-stopped');
    expect(stops).toEqual([
      {
        at: NOW + 270 * S,
        site: 'example.com',
        kind: 'keep-alive-stopped',
        name: '',
        storeId: '',
        reason: 'cap',
        expiresAt: NOW + 330 * S,
      },
    ]);
    expect(created(spy).filter((n) => n.id === STOP_NOTICE)).toEqual([
      {
        id: STOP_NOTICE,
        message: `No activity on the site for the longest keep-alive you allow. The session now ends at ${formatTime(NOW + 330 * S, 'en-US')}.`,
      },
    ]);
    // Left to end: the usual notices come, the stop is told once however many runs follow.
    await liveUntil(worker, NOW + 295 * S);
    fakeIdle.set('idle');
    fakeIdle.set('active');
    await worker.idle();
    expect(requestTimes()).toHaveLength(6);
    expect(created(spy).filter((n) => n.id === STOP_NOTICE)).toHaveLength(1);
    expect((await readHistory('example.com')).filter((e) => e.kind === 'keep-alive-stopped')).toHaveLength(1);
    expect(created(spy).some((n) => n.id.includes('ending'))).toBe(true);
    // The user is back on the site: keep-alive starts afresh.
    fakeClock.set(NOW + 300 * S);
    fakeWebRequest.request('https://example.com/inbox', 200);
    await liveUntil(worker, NOW + 350 * S);
    expect(requestTimes()).toEqual([45, 90, 135, 180, 225, 270, 345]);
  });

  it.each(MODES)('stops on a signed-out answer: the session ended on the server, and no request follows (%s)', async (mode) => {
    const worker = await start(mode, site());
    const spy = notificationLog();
    login();
    fakeFetch.answer({ status: 401 });
    await liveUntil(worker, NOW + 5 * M);
    expect(requestTimes()).toEqual([45]);
    expect(storedRecords()[sid()]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 45 * S });
    const history = await readHistory('example.com');
    expect(history.filter((e) => e.kind === 'kept-alive')).toMatchObject([{ result: 'signed-out', status: 401 }]);
    expect(
      created(spy)
        .filter((n) => n.id.includes('ended'))
        .map((n) => n.message),
    ).toEqual([`sessionid has already ended on the server (checked at ${formatTime(NOW + 45 * S, 'en-US')}).`]);
  });

  it('never for a fixed session: only the one check at the warning moment goes', async () => {
    const worker = await start('chromium', site({ idleMinutes: null }));
    login(10 * 60);
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 15 * M);
    expect(requestTimes()).toEqual([8 * 60]);
    const history = await readHistory('example.com');
    expect(history.filter((e) => e.kind === 'kept-alive' || e.kind === 'keep-alive-stopped')).toEqual([]);
    expect(history.filter((e) => e.kind === 'checked')).toHaveLength(1);
  });

  it('without the idle permission nothing is sent: nothing tells that the user is there', async () => {
    const worker = await start('chromium', site(), {}, false);
    const spy = notificationLog();
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 3 * M);
    // The one check at the warning moment only; the session is warned about and ends.
    expect(requestTimes()).toEqual([0]);
    expect(created(spy).some((n) => n.id.includes('ending'))).toBe(true);
  });

  it('costs nothing for sites without keep-alive: no storage read of its state, no idle query', async () => {
    const worker = await start('chromium', site({ keepAlive: false, checkUrl: undefined }));
    const reads = vi.spyOn(browser.storage.session, 'get');
    login();
    await liveUntil(worker, NOW + 3 * M);
    fakeIdle.set('idle');
    await worker.idle();
    expect(fakeIdle.queries()).toEqual([]);
    expect(reads.mock.calls.flat()).not.toContain('keepAlive');
    expect(reads.mock.calls.flat()).not.toContain('checks');
    expect(fakeFetch.requests()).toEqual([]);
  });

  it('follows the idle API once its permission is granted, with the threshold the user set', async () => {
    const worker = await start('chromium', site(), { keepAliveIdleMinutes: 7 }, false);
    expect((browser as Partial<typeof browser>).idle).toBeUndefined();
    fakePermissions.grantApi('idle');
    await worker.idle();
    expect(fakeIdle.intervals()).toEqual([7 * 60]);
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 50 * S);
    expect(requestTimes()).toEqual([45]);
    expect(fakeIdle.queries().every((s) => s === 7 * 60)).toBe(true);
    // Its state changes reschedule: idle clears the next keep-alive.
    fakeIdle.set('locked');
    await worker.idle();
    expect((await scheduledAlarms())[ALARM]).toBeUndefined();
  });

  it.each(MODES)('keeps a cookie the site re-sends for 20 s alive for a minute and more with no page activity (%s)', async (mode) => {
    const worker = await start(mode, site({ idleMinutes: null }));
    const resend = () => fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'secret-value', maxAge: 20 });
    // Logged in, and two pages: the cookie is re-sent with each answer, so it slides by 20 s.
    fakeWebRequest.request('https://example.com/login', 200);
    resend();
    for (const at of [5, 10]) {
      fakeClock.set(NOW + at * S);
      fakeWebRequest.request('https://example.com/page', 200);
      resend();
    }
    await worker.idle();
    fakeFetch.respond(() => {
      resend();
      return { status: 200 };
    });
    await liveUntil(worker, NOW + 90 * S);
    expect(requestTimes()).toEqual([25, 40, 55, 70, 85]);
    expect(storedRecords()[sid()]?.ended).toBeNull();
    expect(await browser.cookies.get({ url: 'https://example.com/', name: 'sessionid' })).not.toBeNull();
  });

  it('a restarted worker goes on from what storage.session kept', async () => {
    let worker = await start('chromium', site());
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 60 * S);
    worker = restartTestWorker(worker);
    await liveUntil(worker, NOW + 150 * S);
    expect(requestTimes()).toEqual([45, 90, 135]);
    expect((await readHistory('example.com')).filter((e) => e.kind === 'kept-alive')).toHaveLength(3);
  });

  it('a keep-alive that got no answer (offline) moves no end: the server never saw it', async () => {
    const worker = await start('chromium', site());
    login();
    fakeFetch.answer('fail');
    await liveUntil(worker, NOW + 50 * S);
    expect(requestTimes()).toEqual([45]);
    const activity = (browser.storage.session.snapshot().activity as Record<string, { lastRequestAt: number }>)['example.com'];
    expect(activity?.lastRequestAt).toBe(NOW);
    expect((await readHistory('example.com')).filter((e) => e.kind === 'kept-alive')).toMatchObject([{ result: 'unknown', status: 0 }]);
  });

  it('never two requests at once for a site: a slow answer holds the next one, and "Check now" is refused meanwhile', async () => {
    const worker = await start('chromium', site());
    login();
    await worker.idle();
    const answer = deferred<Reply>();
    fakeFetch.respond(() => answer.promise);
    // The worker cannot be idle while the request waits for its answer: time is moved by hand.
    fakeClock.set(NOW + 45 * S);
    fakeAlarms.fireDue();
    await vi.waitFor(() => expect(requestTimes()).toEqual([45]));
    expect(await send('checkNow', { domain: 'example.com' })).toEqual({ ok: false, error: 'busy' });
    // Every later moment asks again while the first is still out: the user's comings and goings, a page's alarm.
    for (const at of [80, 100, 130]) {
      fakeClock.set(NOW + at * S);
      fakeIdle.set('idle');
      fakeIdle.set('active');
      fakeAlarms.fireDue();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(requestTimes()).toEqual([45]);
    answer.resolve({ status: 200 });
    await worker.idle();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 250 * S);
    // Then it goes on, never sooner than half a period after the last.
    const times = requestTimes();
    expect(times.length).toBeGreaterThan(2);
    expect(times[1]).toBeGreaterThanOrEqual(130);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it('the idle permission taken back in the browser settings: keep-alive pauses', async () => {
    const worker = await start('firefox', site());
    login();
    fakeFetch.answer({ status: 200 });
    await liveUntil(worker, NOW + 50 * S);
    fakePermissions.revokeApi('idle');
    await worker.idle();
    expect((await scheduledAlarms())[ALARM]).toBeUndefined();
    await liveUntil(worker, NOW + 3 * M);
    expect(requestTimes()).toEqual([45]);
  });
});

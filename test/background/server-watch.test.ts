import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { warningKey } from '../../src/core/schedule';
import { cookieId } from '../../src/core/observe';
import { readHistory } from '../../src/platform/history-store';
import browser, { type BrowserMode, dropListeners, fakeClock, fakeCookies, fakeWebRequest, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { installedWorker, restartTestWorker, scheduledAlarms, stopTestWorkers, storedRecords } from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const MODES: BrowserMode[] = ['chromium', 'firefox'];

function id(name: string): string {
  return cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name });
}

function activity(): Record<string, { lastRequestAt: number; gapMs: number | null; burstKind: string; ended: boolean }> {
  return (browser.storage.session.snapshot().activity ?? {}) as Record<
    string,
    { lastRequestAt: number; gapMs: number | null; burstKind: string; ended: boolean }
  >;
}

function bounds(): Record<string, { survivedMs: number; endedMs: number | null; sessions: number }> {
  return (browser.storage.local.snapshot().idleBounds ?? {}) as Record<
    string,
    { survivedMs: number; endedMs: number | null; sessions: number }
  >;
}

/** A PHP login: a browser-session PHPSESSID, set in the answer to a request. */
function phpLogin(): void {
  fakeWebRequest.request('https://example.com/login', 200);
  fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'abc123abc123abc123' });
}

beforeEach(() => resetBrowser());
afterEach(() => stopTestWorkers());

describe('requests to a watched site', () => {
  it.each(MODES)('are noted by time in storage.session only, and nothing of a request reaches storage (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    fakeClock.set(NOW + 5 * S);
    fakeWebRequest.request('https://example.com/account/statement?iban=DE00123412341234&token=s3cr3t', 200);
    await worker.idle();
    expect(activity()['example.com']).toMatchObject({ lastRequestAt: NOW + 5 * S, gapMs: null, burstKind: 'return', ended: false });
    const everything = JSON.stringify([
      browser.storage.local.snapshot(),
      browser.storage.sync.snapshot(),
      browser.storage.session.snapshot(),
    ]);
    for (const part of ['statement', 'iban', 'DE00', 's3cr3t', 'account']) expect(everything).not.toContain(part);
  });

  it('a request to a site without access never reaches the worker', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    fakeWebRequest.request('https://other.test/page', 401);
    await worker.idle();
    expect(browser.storage.session.snapshot()).toEqual({});
  });

  it('a request to a subdomain counts for the watched domain', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    fakeClock.set(NOW + 7 * S);
    fakeWebRequest.request('https://app.example.com/api', 200);
    await worker.idle();
    expect(activity()['example.com']?.lastRequestAt).toBe(NOW + 7 * S);
  });

  it('a burst writes once at its start, not on every request', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    let writes = 0;
    browser.storage.session.onChanged.addListener(() => (writes += 1));
    for (let i = 0; i < 50; i++) {
      fakeClock.set(NOW + i * 50);
      fakeWebRequest.request(`https://example.com/asset/${i}.js`, 200);
    }
    await worker.idle();
    expect(writes).toBe(1);
  });
});

describe('a server idle timeout counted from the last request', () => {
  it.each(MODES)("a PHP browser-session cookie warns at PHP's default after the last request, and a return moves it (%s)", async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    phpLogin();
    await worker.idle();
    const key = (endsAt: number) => warningKey({ id: id('PHPSESSID'), endsAt });
    expect((await scheduledAlarms())[key(NOW + 24 * M)]).toBe(NOW + 22 * M);

    fakeClock.set(NOW + 10 * M);
    fakeWebRequest.request('https://example.com/inbox', 200);
    await worker.idle();
    const alarms = await scheduledAlarms();
    expect(alarms[key(NOW + 34 * M)]).toBe(NOW + 32 * M);
    expect(alarms[key(NOW + 24 * M)]).toBeUndefined();
  });

  it('a declared timeout counts from the last request too', async () => {
    const worker = await installedWorker('chromium', {
      domain: 'example.com',
      site: 'example.com',
      leadMinutes: null,
      warnings: true,
      idleMinutes: 5,
    });
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'v', maxAge: 14 * 24 * 3600 });
    await worker.idle();
    fakeClock.set(NOW + 2 * M);
    fakeWebRequest.request('https://example.com/page', 200);
    await worker.idle();
    expect((await scheduledAlarms())[warningKey({ id: id('sessionid'), endsAt: NOW + 7 * M })]).toBe(NOW + 5 * M);
  });
});

describe('the server ending a session after idleness', () => {
  it.each<[string, (url: string) => void]>([
    ['a 401', (url) => fakeWebRequest.request(url, 401)],
    ['a 440', (url) => fakeWebRequest.request(url, 440)],
    ['a redirect to a login page', (url) => fakeWebRequest.request(url, 302, '/accounts/login/?next=/inbox')],
  ])(
    '%s on the first request after 25 s idle: ended by server, with the gap, in the row, the history and the bounds',
    async (_, answer) => {
      const worker = await installedWorker('chromium', 'example.com');
      phpLogin();
      await worker.idle();
      fakeClock.set(NOW + 25 * S);
      answer('https://example.com/inbox');
      await worker.idle();
      expect(storedRecords()[id('PHPSESSID')]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 25 * S, idleMs: 25 * S });
      expect(bounds()['example.com|PHPSESSID']).toMatchObject({ survivedMs: 0, endedMs: 25 * S, sessions: 1 });
      const history = await readHistory('example.com');
      expect(history.at(-1)).toMatchObject({ kind: 'ended-by-server', name: 'PHPSESSID', idleMs: 25 * S });
    },
  );

  it.each<[string, () => void]>([
    ['a 401 while the user is active', () => fakeWebRequest.request('https://example.com/api', 401)],
    ['a 403', () => fakeWebRequest.request('https://example.com/api', 403)],
    ['a redirect to another page', () => fakeWebRequest.request('https://example.com/old', 301, '/new')],
    ['a login form sent after idle', () => fakeWebRequest.request('https://example.com/login', 401, undefined, 'POST')],
  ])('%s is no end by the server', async (name, answer) => {
    const worker = await installedWorker('chromium', 'example.com');
    phpLogin();
    await worker.idle();
    fakeClock.set(NOW + (name.includes('active') ? 3 * S : 25 * S));
    answer();
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended).toBeNull();
  });

  it('learns a range over two sessions: survived gaps raise the floor, ended ones lower the ceiling', async () => {
    const worker = await installedWorker('firefox', 'example.com');
    phpLogin();
    await worker.idle();
    // Session 1: survives 12 s idle, ended after 27 s.
    fakeClock.set(NOW + 12 * S);
    fakeWebRequest.request('https://example.com/a', 200);
    fakeClock.set(NOW + 39 * S);
    fakeWebRequest.request('https://example.com/b', 401);
    await worker.idle();
    expect(bounds()['example.com|PHPSESSID']).toMatchObject({ survivedMs: 12 * S, endedMs: 27 * S, sessions: 1 });
    // Session 2: a new login, survives 19 s, ended after 22 s.
    fakeClock.set(NOW + 60 * S);
    fakeWebRequest.request('https://example.com/login', 200, undefined, 'POST');
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'def456def456def456' });
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended).toBeNull();
    fakeClock.set(NOW + 79 * S);
    fakeWebRequest.request('https://example.com/c', 200);
    fakeClock.set(NOW + 101 * S);
    fakeWebRequest.request('https://example.com/d', 302, 'https://example.com/login');
    await worker.idle();
    expect(bounds()['example.com|PHPSESSID']).toMatchObject({ survivedMs: 19 * S, endedMs: 22 * S, sessions: 2 });
  });

  it('a worker stopped during the idle gap still knows when the last request was', async () => {
    let worker = await installedWorker('chromium', 'example.com');
    phpLogin();
    await worker.idle();
    dropListeners();
    fakeClock.set(NOW + 40 * S);
    worker = restartTestWorker(worker);
    fakeWebRequest.request('https://example.com/inbox', 401);
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended).toMatchObject({ cause: 'ended-by-server', idleMs: 40 * S });
  });

  it.each(MODES)(
    'a new session id in answer to the return from 25 s idle (PHP): ended by server; the new id re-sent stays ended; a login revives it (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, 'example.com');
      phpLogin();
      await worker.idle();
      fakeClock.set(NOW + 25 * S);
      fakeWebRequest.request('https://example.com/inbox', 200);
      fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'anon999anon999anon' });
      await worker.idle();
      expect(storedRecords()[id('PHPSESSID')]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 25 * S, idleMs: 25 * S });
      expect(bounds()['example.com|PHPSESSID']).toMatchObject({ endedMs: 25 * S });
      expect((await readHistory('example.com')).at(-1)).toMatchObject({ kind: 'ended-by-server', idleMs: 25 * S });

      // Chromium fires a pair for the same id re-sent; it is no login.
      fakeClock.set(NOW + 27 * S);
      fakeWebRequest.request('https://example.com/inbox', 200);
      fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'anon999anon999anon' });
      await worker.idle();
      expect(storedRecords()[id('PHPSESSID')]?.ended?.cause).toBe('ended-by-server');

      fakeClock.set(NOW + 30 * S);
      fakeWebRequest.request('https://example.com/login', 200, undefined, 'POST');
      fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'login777login777lo' });
      await worker.idle();
      expect(storedRecords()[id('PHPSESSID')]?.ended).toBeNull();
    },
  );

  it.each(MODES)('a new id while the user is active (a login rotating it) is no end (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    phpLogin();
    await worker.idle();
    fakeClock.set(NOW + 3 * S);
    fakeWebRequest.request('https://example.com/login', 200, undefined, 'POST');
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'rotated1rotated1ro' });
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended).toBeNull();
  });

  it.each<[string, string, string]>([
    ['the server removes the cookie on the return from idle', '/inbox', 'ended-by-server'],
    ['a logout after idle is the user', '/logout', 'logged-out'],
  ])('%s', async (_, path, cause) => {
    const worker = await installedWorker('chromium', 'example.com');
    phpLogin();
    await worker.idle();
    fakeClock.set(NOW + 25 * S);
    fakeWebRequest.request(`https://example.com${path}`, 200);
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: '', maxAge: 0 });
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended?.cause).toBe(cause);
  });

  it('a new id heard of before the request that brought it (Firefox delivers the cookie event first) still ends it', async () => {
    const worker = await installedWorker('firefox', 'example.com');
    phpLogin();
    await worker.idle();
    fakeClock.set(NOW + 25 * S);
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'anon999anon999anon' });
    await worker.idle();
    fakeClock.set(NOW + 25 * S + 70);
    fakeWebRequest.request('https://example.com/inbox', 200);
    await worker.idle();
    expect(storedRecords()[id('PHPSESSID')]?.ended).toEqual({ cause: 'ended-by-server', at: NOW + 25 * S, idleMs: 25 * S + 70 });
    expect(bounds()['example.com|PHPSESSID']).toMatchObject({ endedMs: 25 * S + 70 });
  });

  it('a login on return counts its session from the login, not through the gap before it', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    fakeClock.set(NOW + 30 * S);
    fakeWebRequest.request('https://example.com/login', 200, undefined, 'POST');
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'abc123abc123abc123' });
    await worker.idle();
    // 16 s later the same session is still there: the gap is learned as survived, by the session begun before it.
    fakeClock.set(NOW + 46 * S);
    fakeWebRequest.request('https://example.com/a', 200);
    fakeClock.set(NOW + 70 * S);
    fakeWebRequest.request('https://example.com/b', 200);
    await worker.idle();
    expect(bounds()['example.com|PHPSESSID']).toMatchObject({ survivedMs: 16 * S, sessions: 1 });
  });
});

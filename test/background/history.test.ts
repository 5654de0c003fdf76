import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_PER_SITE, HISTORY_TOTAL, type HistoryEvent } from '../../src/core/history';
import { cookieId } from '../../src/core/observe';
import { withoutDomain } from '../../src/core/settings';
import { readHistory } from '../../src/platform/history-store';
import { send } from '../../src/platform/messaging';
import { updateSettings } from '../../src/platform/settings-store';
import browser, { type BrowserMode, dropListeners, fakeClock, fakeCookies, fakeRuntime, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { grantAccess, installedWorker, startTestWorker, stopTestWorkers, watch, watched, liveUntil } from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const MODES: BrowserMode[] = ['chromium', 'firefox'];

function set(domain: string, maxAge: number, name = 'sessionid', value = 'v'): void {
  fakeCookies.receive({ url: `https://${domain}/`, name, value, maxAge });
}

const lines = (events: HistoryEvent[]) => events.map((e) => [e.kind, e.name, e.at - NOW]);

beforeEach(() => resetBrowser());

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

describe('the session history', () => {
  it.each(MODES)('logs a login, refreshes (coalesced), the warning, the logout and the clearing, in order (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    set('example.com', 300);
    await worker.idle();
    await fakeCookies.delivered();
    fakeClock.set(NOW + 120 * S);
    set('example.com', 300, 'sessionid', 'v2');
    await worker.idle();
    // A rolling session re-sent ten seconds later adds no line: one a minute at most.
    await fakeCookies.delivered();
    fakeClock.set(NOW + 130 * S);
    set('example.com', 300, 'sessionid', 'v3');
    await liveUntil(worker, NOW + 315 * S);
    fakeClock.set(NOW + 320 * S);
    set('example.com', 0, 'sessionid', '');
    await worker.idle();
    const id = cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name: 'sessionid' });
    expect(await send('clearEnded', { ids: [id] })).toEqual({ cleared: 1 });
    await worker.idle();

    const log = await readHistory('example.com');
    expect(lines(log)).toEqual([
      ['logged-in', 'sessionid', 0],
      ['refreshed', 'sessionid', 120 * S],
      ['warned', 'sessionid', 310 * S],
      ['logged-out', 'sessionid', 320 * S],
      ['cleared', 'sessionid', 320 * S],
    ]);
    expect(log.every((e) => e.site === 'example.com' && e.storeId === fakeCookies.defaultStoreId())).toBe(true);
    expect(log[1]?.expiresAt).toBeCloseTo(NOW + 420 * S, -3);
  });

  it.each(MODES)(
    'a login, a refresh, a logout and a new login arriving together are logged as if applied one by one (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, 'example.com');
      set('example.com', 3600);
      await fakeCookies.delivered();
      fakeClock.set(NOW + 2 * M);
      set('example.com', 3600, 'sessionid', 'v2');
      await fakeCookies.delivered();
      fakeClock.set(NOW + 2 * M + 10 * S);
      set('example.com', 3600, 'sessionid', 'v3');
      await fakeCookies.delivered();
      fakeClock.set(NOW + 3 * M);
      set('example.com', 0, 'sessionid', '');
      await fakeCookies.delivered();
      fakeClock.set(NOW + 4 * M);
      set('example.com', 3600, 'sessionid', 'v4');
      await worker.idle();
      expect(lines(await readHistory('example.com'))).toEqual([
        ['logged-in', 'sessionid', 0],
        ['refreshed', 'sessionid', 2 * M],
        ['logged-out', 'sessionid', 3 * M],
        ['logged-in', 'sessionid', 4 * M],
      ]);
    },
  );

  it.each(MODES)('logs an expiry once, at the moment it expired, when a scan notices it (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    set('example.com', 60);
    await liveUntil(worker, NOW + 5 * M);
    await send('rescan', {});
    await worker.idle();
    expect(lines(await readHistory('example.com'))).toEqual([
      ['logged-in', 'sessionid', 0],
      ['warned', 'sessionid', 0],
      ['expired', 'sessionid', 60 * S],
    ]);
  });

  it('logs what scans find: cookies already set, and cookies gone while nobody watched', async () => {
    await watch(watched('example.com'));
    grantAccess(watched('example.com'));
    set('example.com', 3600);
    set('example.com', 3600, 'PHPSESSID');
    fakeCookies.receive({ url: 'https://example.com/', name: '_browser_session', value: 'v' });
    let worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    worker.stop();
    dropListeners();
    await fakeCookies.delivered();
    fakeClock.advance(M);
    fakeCookies.restartBrowser();
    worker = startTestWorker();
    fakeRuntime.startup();
    await worker.idle();
    expect(lines(await readHistory('example.com')).sort()).toEqual(
      [
        ['first-seen', 'sessionid', 0],
        ['first-seen', 'PHPSESSID', 0],
        ['first-seen', '_browser_session', 0],
        ['removed', '_browser_session', M],
      ].sort(),
    );
  });

  it('one warned line per cookie a notice spoke for', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    set('example.com', 90, '_a_session');
    set('example.com', 60, '_b_session');
    await worker.idle();
    const warned = (await readHistory('example.com')).filter((e) => e.kind === 'warned');
    expect(warned.map((e) => e.name).sort()).toEqual(['_a_session', '_b_session']);
  });

  it('a live row the user cannot clear leaves no line', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    set('example.com', 3600);
    await worker.idle();
    const id = cookieId({ storeId: '0', domain: 'example.com', path: '/', name: 'sessionid' });
    expect(await send('clearEnded', { ids: [id] })).toEqual({ cleared: 0 });
    expect((await readHistory('example.com')).map((e) => e.kind)).toEqual(['logged-in']);
  });

  it('stays within the cap of each site however many sessions come and go', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    for (let i = 0; i < HISTORY_PER_SITE / 2 + 10; i++) {
      await fakeCookies.delivered();
      fakeClock.advance(M);
      set('example.com', 3600);
      await fakeCookies.delivered();
      fakeClock.advance(M);
      set('example.com', 0);
    }
    await worker.idle();
    const log = await readHistory('example.com');
    expect(log).toHaveLength(HISTORY_PER_SITE);
    expect(log.at(-1)?.kind).toBe('logged-out');
  });

  it('keeps the history of a domain no longer watched, and bounds all history on a scan', async () => {
    const worker = await installedWorker('chromium', 'example.com', 'other.org');
    set('example.com', 3600);
    await worker.idle();
    await updateSettings((s) => withoutDomain(s, 'example.com'));
    await worker.idle();
    expect((await readHistory('example.com')).map((e) => e.kind)).toEqual(['logged-in']);

    const old = Array.from({ length: HISTORY_TOTAL }, (_, i): HistoryEvent => ({
      at: NOW - 1_000_000 + i,
      site: 'old.test',
      kind: 'warned',
      name: 'sid',
      storeId: '0',
    }));
    await browser.storage.local.set({ 'history:old.test': old });
    await send('rescan', {});
    await worker.idle();
    const all = await readHistory();
    expect(all).toHaveLength(HISTORY_TOTAL);
    // The oldest went first; the recent login stays.
    expect(all.at(-1)).toMatchObject({ site: 'example.com', kind: 'logged-in' });
    expect(all[0]?.at).toBe(NOW - 1_000_000 + 1);
  });

  it('a failing history write costs the line, never the record or the warning', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const setItems = browser.storage.local.set;
    vi.spyOn(browser.storage.local, 'set').mockImplementation(async (items: Record<string, unknown>) => {
      if (Object.keys(items).some((k) => k.startsWith('history:'))) throw new Error('QUOTA_BYTES quota exceeded');
      return setItems(items);
    });
    set('example.com', 60);
    await worker.idle();
    expect(await readHistory()).toEqual([]);
    expect(Object.keys(browser.storage.local.snapshot())).toContain(
      `cookie:${cookieId({ storeId: '0', domain: 'example.com', path: '/', name: 'sessionid' })}`,
    );
    expect((await browser.notifications.getAll())['session-watch|ending|example.com']).toBeTruthy();
    expect(warn).toHaveBeenCalled();
  });
  it('over 6,000 events across 31 sites, 600 of them to one: every site and the total stay within bounds throughout', async () => {
    const sites = Array.from({ length: 30 }, (_, i) => `s${i}.test`);
    const worker = await installedWorker('chromium', ...sites, 'busy.test');
    const logs = () =>
      Object.entries(browser.storage.local.snapshot()).filter(([key]) => key.startsWith('history:')) as Array<[string, HistoryEvent[]]>;
    const session = async (domain: string, i: number) => {
      await fakeCookies.delivered();
      fakeClock.advance(S);
      set(domain, 3600, 'sessionid', `v${i}`);
      await fakeCookies.delivered();
      fakeClock.advance(S);
      set(domain, 0, 'sessionid', '');
    };
    let appended = 0;
    for (let round = 0; round < 100; round++) {
      for (const site of sites) await session(site, round);
      // busy.test logs in and out three times a round: 600 lines in all.
      for (let k = 0; k < 3; k++) await session('busy.test', round * 3 + k);
      appended += (sites.length + 3) * 2;
      if (round % 20 === 19) await send('rescan', {});
      await worker.idle();
      const now = logs();
      for (const [, log] of now) expect(log.length).toBeLessThanOrEqual(HISTORY_PER_SITE);
      expect(now.reduce((n, [, log]) => n + log.length, 0)).toBeLessThanOrEqual(HISTORY_TOTAL);
    }
    expect(appended).toBeGreaterThan(HISTORY_TOTAL);
    const all = await readHistory();
    expect(all.length).toBeGreaterThan(HISTORY_TOTAL - HISTORY_TOTAL / 10 - 1);
    expect(browser.storage.local.snapshot()['historyCount']).toBe(all.length);
    // What went is the oldest: the newest line of every site is there, and busy.test keeps its latest 200 at most.
    for (const site of [...sites, 'busy.test'])
      expect((await readHistory(site)).at(-1)).toMatchObject({ kind: 'logged-out', name: 'sessionid' });
    const busy = await readHistory('busy.test');
    expect(busy.length).toBeLessThanOrEqual(HISTORY_PER_SITE);
    expect(busy.at(-1)?.at).toBe(fakeClock.now());
  }, 60_000);
});

describe("only a site's sessions have a history", () => {
  it.each(MODES)(
    'a theme, an analytics id and a CSRF token get no line: not when a scan finds them, set, refreshed, removed or cleared (%s)',
    async (mode) => {
      resetBrowser({ mode });
      await watch(watched('example.com'));
      grantAccess(watched('example.com'));
      set('example.com', 3600);
      set('example.com', 3600, 'theme');
      const worker = startTestWorker();
      fakeRuntime.install();
      await worker.idle();

      set('example.com', 3600, '_ga');
      set('example.com', 3600, 'csrftoken');
      await fakeCookies.delivered();
      fakeClock.set(NOW + 2 * M);
      for (const name of ['sessionid', 'theme', '_ga', 'csrftoken']) set('example.com', 3600, name, 'v2');
      await fakeCookies.delivered();
      fakeClock.set(NOW + 3 * M);
      set('example.com', 0, 'theme', '');
      set('example.com', 0, 'csrftoken', '');
      await worker.idle();
      const id = (name: string) => cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name });
      expect(await send('clearEnded', { ids: [id('theme'), id('csrftoken')] })).toEqual({ cleared: 2 });
      fakeCookies.restartBrowser();
      await send('rescan', {});
      await worker.idle();

      expect(lines(await readHistory('example.com'))).toEqual([
        ['first-seen', 'sessionid', 0],
        ['refreshed', 'sessionid', 2 * M],
      ]);
      // Their records are kept all the same, for the popup's "show all cookies".
      expect(
        Object.keys(browser.storage.local.snapshot())
          .filter((k) => k.startsWith('cookie:'))
          .sort(),
      ).toEqual([`cookie:${id('_ga')}`, `cookie:${id('sessionid')}`]);
    },
  );

  it("the user's marks decide: a cookie marked a session has its lines, a session name marked as not one has none", async () => {
    resetBrowser();
    const w = { ...watched('example.com'), marks: { theme: true, sessionid: false } };
    await watch(w);
    grantAccess(w);
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();
    set('example.com', 3600);
    set('example.com', 3600, 'theme');
    await fakeCookies.delivered();
    fakeClock.set(NOW + M);
    set('example.com', 0);
    set('example.com', 0, 'theme', '');
    await worker.idle();
    expect(lines(await readHistory('example.com'))).toEqual([
      ['logged-in', 'theme', 0],
      ['logged-out', 'theme', M],
    ]);
  });

  it('a cookie that is no session gets no warned line beside the session it ends with', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    set('example.com', 90);
    set('example.com', 60, 'theme');
    await worker.idle();
    expect((await readHistory('example.com')).map((e) => [e.kind, e.name])).toEqual([
      ['logged-in', 'sessionid'],
      ['warned', 'sessionid'],
    ]);
  });
});

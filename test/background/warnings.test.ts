import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Worker } from '../../src/background/worker';
import { formatDateTime, formatTime } from '../../src/core/format';
import { cookieId } from '../../src/core/observe';
import { endKey, warningKey } from '../../src/core/schedule';
import { withMark } from '../../src/core/settings';
import { send } from '../../src/platform/messaging';
import { updateSettings } from '../../src/platform/settings-store';
import { WARNINGS_KEY } from '../../src/platform/warnings-log';
import browser, {
  type BrowserMode,
  fakeAction,
  fakeAlarms,
  fakeClock,
  fakeCookies,
  fakeNotifications,
  fakeRuntime,
  fakeTabs,
  resetBrowser,
} from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import { installedWorker, restartTestWorker, scheduledAlarms, stopTestWorkers, storedRecords, watched } from '../fakes/worker';

const NOW = DEFAULT_NOW;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const MODES: BrowserMode[] = ['chromium', 'firefox'];
const LOCALE = 'en-US';

const GREEN = '#137333';
const AMBER = '#F9AB00';
const RED = '#C5221F';

function sid(domain = 'example.com', name = 'sessionid'): string {
  return cookieId({ storeId: fakeCookies.defaultStoreId(), domain, path: '/', name });
}

function login(domain: string, maxAge: number, name = 'sessionid'): void {
  fakeCookies.receive({ url: `https://${domain}/`, name, value: 'secret', maxAge });
}

/** Every notification created so far, in order (including ones since cleared). */
function notificationLog() {
  return vi.spyOn(browser.notifications, 'create');
}

function created(spy: ReturnType<typeof notificationLog>): Array<{ id: string; title: string; message: string }> {
  return spy.mock.calls.map(([id, options]) => ({
    // The worker always names its notifications; a missing id shows as such in a failing diff.
    id: typeof id === 'string' ? id : '(no id)',
    title: options?.title ?? '',
    message: options?.message ?? '',
  }));
}

/** Time passes with the machine awake: each alarm fires when due. Returns how many fired. */
async function live(worker: Worker, until: number): Promise<number> {
  let fired = 0;
  await worker.idle();
  for (;;) {
    const times = (await browser.alarms.getAll()).map((a) => a.scheduledTime);
    const next = Math.min(...times);
    if (!Number.isFinite(next) || next > until) break;
    fakeClock.set(Math.max(next, fakeClock.now()));
    fired += fakeAlarms.fireDue().length;
    await worker.idle();
  }
  fakeClock.set(until);
  return fired;
}

/** The machine sleeps until `until`; on waking, every alarm missed fires at once. */
async function sleepUntil(worker: Worker, until: number): Promise<string[]> {
  fakeClock.set(until);
  const fired = fakeAlarms.fireDue();
  await worker.idle();
  return fired;
}

function warningLog(): Record<string, number> {
  return (browser.storage.local.snapshot()[WARNINGS_KEY] ?? {}) as Record<string, number>;
}

beforeEach(() => resetBrowser());

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

describe('alarms', () => {
  it('a 300 s cookie gets an alarm at its warning (180 s) and one at its end (300 s), and nothing else', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const r = { id: sid(), endsAt: NOW + 300 * S };
    expect(await scheduledAlarms()).toEqual({ [warningKey(r)]: NOW + 180 * S, [`end|${r.id}|${r.endsAt}`]: NOW + 300 * S });
  });

  it("uses the domain's own lead", async () => {
    const worker = await installedWorker('chromium', { ...watched('example.com'), leadMinutes: 10 });
    login('example.com', H / S);
    await worker.idle();
    expect((await scheduledAlarms())[warningKey({ id: sid(), endsAt: NOW + H })]).toBe(NOW + 50 * M);
  });

  it('a worker started after the browser lost its alarms sets them again on startup', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const before = await scheduledAlarms();
    await browser.alarms.clearAll();
    const next = restartTestWorker(worker);
    fakeRuntime.startup();
    await next.idle();
    expect(await scheduledAlarms()).toEqual(before);
  });

  it('leaves unchanged alarms alone', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const create = vi.spyOn(browser.alarms, 'create');
    const clear = vi.spyOn(browser.alarms, 'clear');
    await send('rescan', {});
    login('example.com', 3600, '_other_session');
    await worker.idle();
    // Only the new cookie's two alarms; the first cookie's stay as they were.
    expect(create.mock.calls.map(([name]) => (typeof name === 'string' ? name : '(no name)')).sort()).toEqual(
      [
        warningKey({ id: sid('example.com', '_other_session'), endsAt: NOW + H }),
        `end|${sid('example.com', '_other_session')}|${NOW + H}`,
      ].sort(),
    );
    expect(clear).not.toHaveBeenCalled();
  });

  it('a settings change moves the warning to the new lead', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', H / S);
    await worker.idle();
    await updateSettings((s) => ({ ...s, leadMinutes: 15 }));
    await worker.idle();
    expect((await scheduledAlarms())[warningKey({ id: sid(), endsAt: NOW + H })]).toBe(NOW + 45 * M);
  });
});

describe('the warning', () => {
  it.each(MODES)(
    'firing the warning alarm shows exactly one notification with the site, cookie, time left and clock time (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, 'example.com');
      login('example.com', 300);
      await worker.idle();
      const log = notificationLog();

      // Alarms come a little late; the message says what is left then.
      expect(await sleepUntil(worker, NOW + 181 * S)).toEqual([warningKey({ id: sid(), endsAt: NOW + 300 * S })]);
      expect(created(log)).toEqual([
        {
          id: 'session-watch|ending|example.com',
          title: 'Session ending soon — example.com',
          message: `sessionid expires in 1:59, at ${formatTime(NOW + 300 * S, LOCALE)}.`,
        },
      ]);
      expect(fakeNotifications.shown()[0]).toMatchObject({ type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png') });
      expect(Object.keys(await scheduledAlarms())).toEqual([`end|${sid()}|${NOW + 300 * S}`]);
    },
  );

  it('a cookie first seen inside the lead warns at once, with no warning alarm', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const log = notificationLog();
    login('example.com', 90);
    await worker.idle();
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ending|example.com',
        title: 'Session ending soon — example.com',
        message: `sessionid expires in 1:30, at ${formatTime(NOW + 90 * S, LOCALE)}.`,
      },
    ]);
    expect(Object.keys(await scheduledAlarms())).toEqual([`end|${sid()}|${NOW + 90 * S}`]);
  });

  it('a restarted worker, a restarted browser and re-scans repeat nothing', async () => {
    let worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const log = notificationLog();
    await sleepUntil(worker, NOW + 181 * S);
    expect(created(log)).toHaveLength(1);

    worker = restartTestWorker(worker);
    await send('rescan', {});
    await worker.idle();
    worker = restartTestWorker(worker);
    fakeRuntime.startup();
    fakeRuntime.install('update');
    await worker.idle();
    worker = restartTestWorker(worker);
    fakeClock.advance(10 * S);
    // Every wake-up source at once: an alarm, a rescan, a cookie change of the site.
    browser.alarms.onAlarm.dispatch({ name: 'stray', scheduledTime: fakeClock.now() });
    await send('rescan', {});
    login('example.com', 3600, 'unrelated');
    await worker.idle();
    expect(created(log)).toHaveLength(1);

    // The end comes once too.
    await sleepUntil(worker, NOW + 300 * S);
    worker = restartTestWorker(worker);
    await send('rescan', {});
    fakeRuntime.startup();
    await worker.idle();
    expect(created(log).map((n) => n.id)).toEqual(['session-watch|ending|example.com', 'session-watch|ended|example.com']);
  });

  it('concurrent wakes show a warning once', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const log = notificationLog();
    fakeClock.set(NOW + 200 * S);
    for (let i = 0; i < 5; i++) browser.alarms.onAlarm.dispatch({ name: `wake-${i}`, scheduledTime: fakeClock.now() });
    const rescan = send('rescan', {});
    fakeTabs.open('https://example.com/');
    await worker.idle();
    await rescan;
    expect(created(log)).toHaveLength(1);
  });

  it('a refresh that moves the expiry later re-arms the warning; one that keeps it does not', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 300);
    await worker.idle();
    const log = notificationLog();
    await sleepUntil(worker, NOW + 181 * S);
    expect(created(log)).toHaveLength(1);

    // The site re-sends the same expiry: nothing new to say.
    fakeClock.set(NOW + 190 * S);
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: 'secret', expires: NOW + 300 * S });
    await worker.idle();
    expect(created(log)).toHaveLength(1);

    // A sliding session: the expiry moves to 500 s; the old alarms go, the new warning comes at 380 s.
    fakeClock.set(NOW + 200 * S);
    login('example.com', 300);
    await worker.idle();
    const r = { id: sid(), endsAt: NOW + 500 * S };
    expect(await scheduledAlarms()).toEqual({ [warningKey(r)]: NOW + 380 * S, [`end|${r.id}|${r.endsAt}`]: NOW + 500 * S });
    expect(Object.keys(warningLog())).toEqual([]);

    await live(worker, NOW + 380 * S);
    expect(created(log).map((n) => n.message)).toEqual([
      `sessionid expires in 1:59, at ${formatTime(NOW + 300 * S, LOCALE)}.`,
      `sessionid expires in 2:00, at ${formatTime(NOW + 500 * S, LOCALE)}.`,
    ]);
  });

  it.each(MODES)(
    'after sleeping past several thresholds: one catch-up warning per site, then one end notice per site (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, 'example.com', 'other.org');
      login('example.com', 600, '_a_session');
      login('example.com', 620, '_b_session');
      login('example.com', 640, '_c_session');
      login('other.org', 700, '_d_session');
      await worker.idle();
      const log = notificationLog();

      // Past all four warning thresholds (480, 500, 520, 580 s), before any expiry.
      expect(await sleepUntil(worker, NOW + 590 * S)).toHaveLength(4);
      expect(created(log)).toEqual([
        {
          id: 'session-watch|ending|example.com',
          title: 'Session ending soon — example.com',
          message: `_a_session expires in 0:10, at ${formatTime(NOW + 600 * S, LOCALE)}. Cookies of this site ending soon: 3.`,
        },
        {
          id: 'session-watch|ending|other.org',
          title: 'Session ending soon — other.org',
          message: `_d_session expires in 1:50, at ${formatTime(NOW + 700 * S, LOCALE)}.`,
        },
      ]);

      // Past every expiry.
      log.mockClear();
      await sleepUntil(worker, NOW + 2 * H);
      expect(created(log).map((n) => [n.id, n.message])).toEqual([
        [
          'session-watch|ended|example.com',
          `_c_session expired at ${formatTime(NOW + 640 * S, LOCALE)}. Cookies of this site that ended: 3.`,
        ],
        ['session-watch|ended|other.org', `_d_session expired at ${formatTime(NOW + 700 * S, LOCALE)}.`],
      ]);
      // The stale countdowns were taken down.
      expect(fakeNotifications.shown().map((n) => n.id)).toEqual(['session-watch|ended|example.com', 'session-watch|ended|other.org']);
      expect(await scheduledAlarms()).toEqual({});
    },
  );

  it('sleeping past a whole session gives only the end notice, with the date when it was not today', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 600);
    await worker.idle();
    const log = notificationLog();
    await sleepUntil(worker, NOW + 3 * 24 * H);
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ended|example.com',
        title: 'Session ended — example.com',
        message: `sessionid expired at ${formatDateTime(NOW + 600 * S, LOCALE)}.`,
      },
    ]);
  });

  it('a domain with warnings off gets no notices, but keeps its end alarm for the badge', async () => {
    const worker = await installedWorker('chromium', { ...watched('example.com'), warnings: false });
    const log = notificationLog();
    login('example.com', 90);
    await worker.idle();
    expect(Object.keys(await scheduledAlarms())).toEqual([`end|${sid()}|${NOW + 90 * S}`]);
    await live(worker, NOW + H);
    expect(created(log)).toEqual([]);
  });
});

describe('the end notice', () => {
  it.each(MODES)('a logout (Max-Age=0) is said once, with when it happened (%s)', async (mode) => {
    let worker = await installedWorker(mode, 'example.com');
    login('example.com', 3600);
    await worker.idle();
    const log = notificationLog();
    fakeClock.advance(10 * S);
    login('example.com', 0);
    await worker.idle();
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ended|example.com',
        title: 'Session ended — example.com',
        message: `sessionid was removed at ${formatTime(NOW + 10 * S, LOCALE)}, so you are logged out.`,
      },
    ]);
    // The session is over: nothing left to wake for.
    expect(await scheduledAlarms()).toEqual({});

    worker = restartTestWorker(worker);
    await send('rescan', {});
    fakeRuntime.startup();
    await live(worker, NOW + 2 * H);
    expect(created(log)).toHaveLength(1);
  });

  it('can be turned off, and turning it on again does not bring old news', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    await updateSettings((s) => ({ ...s, notifyEnded: false }));
    login('example.com', 300);
    login('example.com', 3600, 'other');
    await worker.idle();
    const log = notificationLog();
    await live(worker, NOW + 10 * M);
    fakeClock.advance(S);
    login('example.com', 0, 'other');
    await worker.idle();
    // The warning still comes; the two ends are not said.
    expect(created(log).map((n) => n.id)).toEqual(['session-watch|ending|example.com']);

    await updateSettings((s) => ({ ...s, notifyEnded: true }));
    await worker.idle();
    expect(created(log)).toHaveLength(1);
  });

  it('is not said for browser-session cookies the browser dropped on restart', async () => {
    let worker = await installedWorker('chromium', 'example.com');
    fakeCookies.receive({ url: 'https://example.com/', name: 'PHPSESSID', value: 'secret' });
    await worker.idle();
    const log = notificationLog();
    fakeClock.advance(H);
    fakeCookies.restartBrowser();
    worker = restartTestWorker(worker);
    fakeRuntime.startup();
    await worker.idle();
    expect(created(log)).toEqual([]);
  });
});

describe('the warnings log', () => {
  it('holds one key per record, and forgets records that are gone', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 90);
    login('example.com', 100, '_other_session');
    await worker.idle();
    const r = { id: sid(), endsAt: NOW + 90 * S };
    const o = { id: sid('example.com', '_other_session'), endsAt: NOW + 100 * S };
    expect(warningLog()).toEqual({ [warningKey(r)]: NOW, [warningKey(o)]: NOW });

    await live(worker, NOW + 95 * S);
    expect(warningLog()).toEqual({ [endKey(r, NOW + 90 * S)]: NOW + 90 * S, [warningKey(o)]: NOW });

    await live(worker, NOW + 200 * S);
    expect(await send('clearEnded', { ids: [r.id, o.id] })).toEqual({ cleared: 2 });
    await worker.idle();
    expect(warningLog()).toEqual({});
  });

  it('a malformed log is read as empty', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    await browser.storage.local.set({ [WARNINGS_KEY]: ['not', 'a', 'log'] });
    const log = notificationLog();
    login('example.com', 90);
    await worker.idle();
    expect(created(log)).toHaveLength(1);
    expect(Object.keys(warningLog())).toEqual([warningKey({ id: sid(), endsAt: NOW + 90 * S })]);
  });
});

describe('the toolbar badge', () => {
  it('shows the soonest-ending session of the site on its tabs, coloured by status, and nothing on other tabs', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const home = fakeTabs.open('https://example.com/');
    const app = fakeTabs.open('https://app.example.com/inbox', { active: false });
    const news = fakeTabs.open('https://news.test/');
    login('example.com', 45 * 60, '_long_session');
    login('example.com', (3 * H) / S, '_longer_session');
    await worker.idle();

    const active = { text: '45m', color: GREEN, textColor: '#FFFFFF', title: 'Session Watch — example.com: Active' };
    expect(fakeAction.badge(home)).toEqual(active);
    expect(fakeAction.badge(app)).toEqual(active);
    expect(fakeAction.badge(news)).toEqual({ text: '', color: undefined, textColor: undefined, title: 'Session Watch' });

    await live(worker, NOW + 43 * M);
    expect(fakeAction.badge(home)).toEqual({
      text: '2m',
      color: AMBER,
      textColor: '#000000',
      title: 'Session Watch — example.com: Expiring soon',
    });
    await live(worker, NOW + 44 * M + 1);
    expect(fakeAction.badge(home).text).toBe('59s');
    // Under a minute it does not tick.
    expect(Object.keys(await scheduledAlarms()).filter((n) => n.startsWith('badge|'))).toEqual([]);

    await live(worker, NOW + 45 * M);
    // The expired one is passed over while another session of the site is live.
    expect(fakeAction.badge(home)).toMatchObject({ text: '2h', color: GREEN });
    expect(fakeAction.badge(news).text).toBe('');
  });

  it('marks an ended session in red: "end" once expired, "out" once logged out', async () => {
    const worker = await installedWorker('chromium', 'example.com', 'other.org');
    const a = fakeTabs.open('https://example.com/');
    const b = fakeTabs.open('https://other.org/');
    login('example.com', 60);
    login('other.org', 3600);
    await worker.idle();
    fakeClock.advance(2 * M);
    login('other.org', 0);
    await worker.idle();
    await live(worker, NOW + 3 * M);
    expect(fakeAction.badge(a)).toEqual({ text: 'end', color: RED, textColor: '#FFFFFF', title: 'Session Watch — example.com: Expired' });
    expect(fakeAction.badge(b)).toEqual({ text: 'out', color: RED, textColor: '#FFFFFF', title: 'Session Watch — other.org: Logged out' });
  });

  it('wakes for the badge only while a tab of the site is open', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    login('example.com', 30 * 60 + 30);
    await worker.idle();
    expect(Object.keys(await scheduledAlarms()).filter((n) => n.startsWith('badge|'))).toEqual([]);

    const tab = fakeTabs.open('https://example.com/');
    await worker.idle();
    expect(fakeAction.badge(tab).text).toBe('30m');
    expect((await scheduledAlarms())['badge|example.com']).toBe(NOW + 30 * S + 1);

    // The tab closes: the next badge alarm finds nobody to show it to and sets no more.
    fakeTabs.close(tab);
    await live(worker, NOW + 2 * M);
    expect(Object.keys(await scheduledAlarms()).filter((n) => n.startsWith('badge|'))).toEqual([]);
  });

  it('is set again after the tab navigates (the browser drops it) and on switching to the tab', async () => {
    const worker = await installedWorker('firefox', 'example.com');
    const tab = fakeTabs.open('https://example.com/');
    const other = fakeTabs.open('https://news.test/');
    login('example.com', (2 * H) / S + 5);
    await worker.idle();
    expect(fakeAction.badge(tab).text).toBe('2h');

    fakeTabs.navigate(tab, 'https://example.com/settings');
    await worker.idle();
    expect(fakeAction.badge(tab).text).toBe('2h');

    fakeTabs.navigate(tab, 'https://news.test/');
    await worker.idle();
    expect(fakeAction.badge(tab).text).toBe('');

    fakeTabs.navigate(other, 'https://www.example.com/');
    await worker.idle();
    fakeAction.forgetTab(other);
    fakeTabs.activate(other);
    await worker.idle();
    expect(fakeAction.badge(other)).toMatchObject({ text: '2h', color: GREEN });
  });

  it('an unwatched tab activation reads nothing from storage', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const news = fakeTabs.open('https://news.test/');
    fakeTabs.open('https://example.com/');
    await worker.idle();
    const get = vi.spyOn(browser.storage.local, 'get');
    fakeTabs.activate(news);
    fakeTabs.navigate(news, 'https://news.test/2');
    await worker.idle();
    expect(get).not.toHaveBeenCalled();
  });
});

describe("a site's cookies that are not sessions", () => {
  const NO_BADGE = { text: '', color: undefined, textColor: undefined, title: 'Session Watch' };

  it.each(MODES)('a theme, an analytics id and a CSRF token ending soon give no notice, no alarm and no badge (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    const tab = fakeTabs.open('https://example.com/');
    const log = notificationLog();
    login('example.com', 90, 'theme');
    login('example.com', 300, '_ga');
    login('example.com', 60, 'csrftoken');
    await worker.idle();
    expect(created(log)).toEqual([]);
    expect(await scheduledAlarms()).toEqual({});
    expect(fakeAction.badge(tab)).toEqual(NO_BADGE);

    // Nor when they end, by expiry or by the site removing them.
    fakeClock.set(NOW + 30 * S);
    login('example.com', 0, '_ga');
    await live(worker, NOW + 10 * M);
    await send('rescan', {});
    await worker.idle();
    expect(created(log)).toEqual([]);
    expect(fakeAction.badge(tab)).toEqual(NO_BADGE);
    // They are still watched: the popup lists them when asked to show every cookie.
    expect(Object.values(storedRecords()).filter((r) => r.ended).length).toBe(3);
  });

  it('the badge counts down the session, not a cookie of the site that ends sooner', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const tab = fakeTabs.open('https://example.com/');
    login('example.com', 45 * 60);
    login('example.com', 90, 'theme');
    await worker.idle();
    expect(fakeAction.badge(tab)).toMatchObject({ text: '45m', color: GREEN });
    await live(worker, NOW + 5 * M);
    expect(fakeAction.badge(tab)).toMatchObject({ text: '40m', color: GREEN });
  });

  it("the user's marks decide: a cookie marked a session is warned about and badged, a session name marked as not one is not", async () => {
    const worker = await installedWorker('chromium', { ...watched('example.com'), marks: { theme: true, sessionid: false } });
    const tab = fakeTabs.open('https://example.com/');
    const log = notificationLog();
    login('example.com', 90, 'theme');
    login('example.com', 60, 'sessionid');
    await worker.idle();
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ending|example.com',
        title: 'Session ending soon — example.com',
        message: `theme expires in 1:30, at ${formatTime(NOW + 90 * S, LOCALE)}.`,
      },
    ]);
    expect(fakeAction.badge(tab)).toMatchObject({ text: '1m', color: AMBER });
    expect(Object.keys(await scheduledAlarms()).filter((n) => !n.startsWith('badge|'))).toEqual([
      `end|${sid('example.com', 'theme')}|${NOW + 90 * S}`,
    ]);
  });

  it('marking a cookie that ended long ago as a session brings no notice of that old end', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const log = notificationLog();
    login('example.com', 60, 'theme');
    await live(worker, NOW + H);
    await send('rescan', {});
    await worker.idle();

    await updateSettings((s) => withMark(s, 'example.com', 'theme', true));
    await worker.idle();
    expect(created(log)).toEqual([]);

    // From now on it is a session like any other.
    login('example.com', 90, 'theme');
    await worker.idle();
    expect(created(log).map((n) => n.message)).toEqual([`theme expires in 1:30, at ${formatTime(NOW + H + 90 * S, LOCALE)}.`]);
  });
});

describe('a click on a notification', () => {
  it('focuses an open tab of the site, in whatever window, and takes the notification down', async () => {
    let worker = await installedWorker('chromium', 'example.com');
    const there = fakeTabs.open('https://www.example.com/account', { windowId: 2 });
    fakeTabs.open('https://news.test/', { windowId: 1 });
    fakeTabs.open('https://other.test/', { windowId: 2 });
    login('example.com', 90);
    await worker.idle();
    const [notice] = fakeNotifications.shown();
    expect(notice?.id).toBe('session-watch|ending|example.com');

    // Handled by a worker started long after the notice was shown.
    worker = restartTestWorker(worker);
    await browser.windows.update(1, { focused: true });
    fakeNotifications.click(notice?.id ?? '');
    await worker.idle();

    expect(fakeTabs.all().find((t) => t.id === there)?.active).toBe(true);
    expect(fakeTabs.focusedWindow()).toBe(2);
    expect(fakeNotifications.shown()).toEqual([]);
    expect(fakeTabs.all()).toHaveLength(3);
  });

  it.each([
    ['example.com', 'https://example.com/'],
    ['127.0.0.1', 'http://127.0.0.1/'],
    ['localhost', 'http://localhost/'],
  ])('opens %s when no tab of it is open', async (domain, url) => {
    const worker = await installedWorker('chromium', domain);
    fakeTabs.open('https://news.test/');
    fakeCookies.receive({ url: `http://${domain}/`, name: 'sessionid', value: 'secret', maxAge: 60 });
    await live(worker, NOW + 2 * M);
    const [notice] = fakeNotifications.shown();
    expect(notice?.id).toBe(`session-watch|ended|${domain}`);

    fakeNotifications.click(notice?.id ?? '');
    await worker.idle();
    expect(fakeTabs.all().map((t) => t.url)).toEqual(['https://news.test/', url]);
    expect(fakeNotifications.shown()).toEqual([]);
  });

  it("ignores notifications that are not this extension's", async () => {
    const worker = await installedWorker('chromium', 'example.com');
    fakeNotifications.click('someone-else');
    await worker.idle();
    expect(fakeTabs.all()).toEqual([]);
  });
});

describe('wake-ups', () => {
  // Three sessions of 10 min, 45 min and 3 h with a tab of each site open, over one hour:
  // 60 alarms fire (10 min: 10 badge + warning + end = 12; 45 min: 45 badge + warning + end = 47;
  // 3 h: 1 badge, "3h" -> "2h"), at 49 distinct moments here because the sessions started together.
  // Without open tabs the same hour takes 4 (two warnings, two ends).
  it('three sessions over one simulated hour fire exactly 60 alarms, and none once nothing is due', async () => {
    const worker = await installedWorker('chromium', 'ten.test', 'fortyfive.test', 'three.test');
    for (const d of ['ten.test', 'fortyfive.test', 'three.test']) fakeTabs.open(`https://${d}/`);
    const log = notificationLog();
    login('ten.test', 10 * 60);
    login('fortyfive.test', 45 * 60);
    login('three.test', 3 * 60 * 60);
    await worker.idle();

    const fired = await live(worker, NOW + H);
    expect(fired).toBe(60);
    expect(created(log).map((n) => n.id)).toEqual([
      'session-watch|ending|ten.test',
      'session-watch|ended|ten.test',
      'session-watch|ending|fortyfive.test',
      'session-watch|ended|fortyfive.test',
    ]);

    await live(worker, NOW + 4 * H);
    expect(await scheduledAlarms()).toEqual({});
    expect(await live(worker, NOW + 48 * H)).toBe(0);
  });

  it('without open tabs the same hour fires 4 alarms', async () => {
    const worker = await installedWorker('chromium', 'ten.test', 'fortyfive.test', 'three.test');
    login('ten.test', 10 * 60);
    login('fortyfive.test', 45 * 60);
    login('three.test', 3 * 60 * 60);
    await worker.idle();
    expect(await live(worker, NOW + H)).toBe(4);
  });
});

describe('the worker script', () => {
  it('registers the alarm, notification and tab listeners as soon as it runs', async () => {
    await import('../../src/background/index');
    expect(browser.alarms.onAlarm.hasListeners()).toBe(true);
    expect(browser.notifications.onClicked.hasListeners()).toBe(true);
    expect(browser.tabs.onUpdated.hasListeners()).toBe(true);
    expect(browser.tabs.onActivated.hasListeners()).toBe(true);
  });
});

describe('what a notice says ends the session', () => {
  /** A JWT whose exp is `exp` (s); the signature is never checked, only the payload read. */
  const jwt = (exp: number) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.c2ln`;

  it.each(MODES)('the site’s idle timeout: the warning and the end notice name it, not the cookie’s expiry (%s)', async (mode) => {
    const worker = await installedWorker(mode, { ...watched('example.com'), idleMinutes: 5 });
    const log = notificationLog();
    login('example.com', 3600);
    await worker.idle();
    await live(worker, NOW + 5 * M + S);
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ending|example.com',
        title: 'Session ending soon — example.com',
        message: `sessionid ends in 2:00, at ${formatTime(NOW + 5 * M, LOCALE)}, when the site's idle timeout runs out.`,
      },
      {
        id: 'session-watch|ended|example.com',
        title: 'Session ended — example.com',
        message: `sessionid ended at ${formatTime(NOW + 5 * M, LOCALE)}: the site's idle timeout ran out.`,
      },
    ]);
  });

  it.each(MODES)('the token in the cookie: the warning and the end notice name it (%s)', async (mode) => {
    const worker = await installedWorker(mode, 'example.com');
    const log = notificationLog();
    fakeCookies.receive({ url: 'https://example.com/', name: 'sessionid', value: jwt((NOW + 10 * M) / 1000), maxAge: 3600 });
    await worker.idle();
    await live(worker, NOW + 10 * M + S);
    expect(created(log).map((n) => n.message)).toEqual([
      `sessionid ends in 2:00, at ${formatTime(NOW + 10 * M, LOCALE)}, when the token in it expires.`,
      `sessionid ended at ${formatTime(NOW + 10 * M, LOCALE)}: the token in it expired.`,
    ]);
  });

  it('the cookie’s own expiry keeps its wording', async () => {
    const worker = await installedWorker('chromium', 'example.com');
    const log = notificationLog();
    login('example.com', 300);
    await worker.idle();
    await live(worker, NOW + 300 * S + S);
    expect(created(log).map((n) => n.message)).toEqual([
      `sessionid expires in 2:00, at ${formatTime(NOW + 300 * S, LOCALE)}.`,
      `sessionid expired at ${formatTime(NOW + 300 * S, LOCALE)}.`,
    ]);
  });
});

describe('in a packed Chrome extension (alarms no sooner than 30 s, at most 500)', () => {
  async function packedWorker(...domains: string[]): Promise<Worker> {
    const worker = await installedWorker('chromium', ...domains);
    fakeAlarms.pack();
    return worker;
  }

  it('a warning due in 20 s comes when the clamped alarm fires, 30 s on, once, saying the time left then', async () => {
    const worker = await packedWorker('example.com');
    const log = notificationLog();
    // The default lead is 2 minutes: the warning is due 20 s from now.
    login('example.com', 140);
    await worker.idle();
    const r = { id: sid(), endsAt: NOW + 140 * S };
    expect(await scheduledAlarms()).toEqual({ [warningKey(r)]: NOW + 30 * S, [endKey(r, r.endsAt)]: NOW + 140 * S });

    expect(await sleepUntil(worker, NOW + 20 * S)).toEqual([]);
    expect(created(log)).toEqual([]);
    expect(await sleepUntil(worker, NOW + 30 * S)).toEqual([warningKey(r)]);
    expect(created(log)).toEqual([
      {
        id: 'session-watch|ending|example.com',
        title: 'Session ending soon — example.com',
        message: `sessionid expires in 1:50, at ${formatTime(NOW + 140 * S, LOCALE)}.`,
      },
    ]);
    // Nothing sets the warning again: a rescan finds it given.
    await send('rescan', {});
    await worker.idle();
    expect(created(log)).toHaveLength(1);
  });

  it('an expiry within 30 s: the warning at once, the end notice and the red badge when the clamped alarm fires, naming the real end', async () => {
    const worker = await packedWorker('example.com');
    const tab = fakeTabs.open('https://example.com/');
    const log = notificationLog();
    login('example.com', 20);
    await worker.idle();
    const r = { id: sid(), endsAt: NOW + 20 * S };
    expect(created(log).map((n) => n.id)).toEqual(['session-watch|ending|example.com']);
    expect(fakeAction.badge(tab)).toEqual({
      text: '20s',
      color: AMBER,
      textColor: '#000000',
      title: 'Session Watch — example.com: Expiring soon',
    });
    // The end alarm was asked for 20 s from now and set for 30 s.
    expect(await scheduledAlarms()).toEqual({ [endKey(r, r.endsAt)]: NOW + 30 * S });

    // At the real end nothing wakes the worker; the badge still reads as it was.
    fakeClock.set(NOW + 20 * S);
    expect(fakeAlarms.fireDue()).toEqual([]);
    expect(created(log)).toHaveLength(1);

    expect(await sleepUntil(worker, NOW + 30 * S)).toEqual([endKey(r, r.endsAt)]);
    expect(created(log)).toEqual([
      expect.objectContaining({ id: 'session-watch|ending|example.com' }),
      {
        id: 'session-watch|ended|example.com',
        title: 'Session ended — example.com',
        message: `sessionid expired at ${formatTime(NOW + 20 * S, LOCALE)}.`,
      },
    ]);
    expect(fakeAction.badge(tab)).toEqual({ text: 'end', color: RED, textColor: '#FFFFFF', title: 'Session Watch — example.com: Expired' });
    expect(await scheduledAlarms()).toEqual({});
  });

  it('300 sessions (600 alarms wanted) never ask for more than the browser allows, and every end is still given', async () => {
    const worker = await packedWorker('example.com');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const create = vi.spyOn(browser.alarms, 'create');
    for (let i = 0; i < 300; i++) login('example.com', 600 + i, `_app${i}_session`);
    await worker.idle();
    expect((await browser.alarms.getAll()).length).toBeLessThanOrEqual(500);
    await live(worker, NOW + 1000 * S);
    const rejected = await Promise.all(
      create.mock.results.map((r) =>
        (r.value as Promise<void>).then(
          () => false,
          () => true,
        ),
      ),
    );
    expect(rejected.filter(Boolean), 'alarms.create calls the browser refused').toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    const ends = Object.keys(warningLog()).filter((k) => k.startsWith('end|'));
    expect(ends).toHaveLength(300);
  }, 60_000);
});

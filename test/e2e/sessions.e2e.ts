/**
 * Know the session: how a session slides or stays fixed, what ends it first
 * (cookie expiry, a JWT's exp, a declared idle timeout), which cookies are
 * sessions (and the user's own word on it), and the history page that
 * remembers logins and logouts, with its filter and exports.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { exportHistory, filterBySite, parseCsv, readHistory, siteStory } from './harness/history-view';
import { HOSTS } from './harness/hosts';
import { setIdleMinutes, watchDomains } from './harness/options-view';
import {
  cell,
  findRow,
  readPopup,
  readSessionMark,
  readShowAll,
  remainingOf,
  setShowAll,
  statusOf,
  toggleSessionMark,
  waitForRow,
  type RowView,
} from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { READ_SLACK_S, serverRemaining, visitSetting } from './harness/site';
import { readStoredRecords } from './harness/storage-read';
import { sleep, waitFor } from './harness/wait';
import type { SetCookieRecord } from './server/session-server';

/** The lifetime every session here is given: 5 minutes, well past the default 2-minute warning lead. */
const LIFETIME_S = 300;
const SLIDING_LABEL = 'resets on activity · idle timeout 5 m';
/** Between two requests, so each one moves a whole-second expiry later. */
const APART_MS = 1100;

const hasTime = (r: RowView) => cell(r, 'Remaining').time !== null;

browserSuite(
  'know the session',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      const options = await watchDomains(ctx.driver, [
        HOSTS.slide,
        HOSTS.fixed,
        HOSTS.roll,
        HOSTS.token,
        HOSTS.story,
        HOSTS.prefs,
        HOSTS.idle,
      ]);
      await options.close();
      popup = await ctx.driver.openExtensionPage('popup.html');
    }, 60_000);

    /** Logs in with `login`, then makes `refreshes` more requests to `page`, each APART_MS after the one before. */
    const slide = async (host: string, name: string, login: string, page: string, refreshes: number): Promise<SetCookieRecord> => {
      let set = await visitSetting(ctx, host, login, name);
      for (let i = 0; i < refreshes; i += 1) {
        await sleep(set.at + APART_MS - Date.now());
        set = await visitSetting(ctx, host, page, name);
      }
      return set;
    };

    it('a: sliding Django (SESSION_SAVE_EVERY_REQUEST): after two more requests the row says how it slides, and Remaining is back near 5 min', async () => {
      const last = await slide(HOSTS.slide, 'sessionid', `/django/login?expiry=${LIFETIME_S}&save_every_request=1`, '/django/page', 2);
      const { row, at } = await waitForRow(
        popup,
        HOSTS.slide,
        'sessionid',
        (r) => hasTime(r) && cell(r, 'Expires').text.includes('resets on activity'),
        {
          what: `"${SLIDING_LABEL}" on the sliding Django session`,
        },
      );
      expect(cell(row, 'Expires').text).toContain(SLIDING_LABEL);
      expect(cell(row, 'Expires').text).not.toContain('fixed');
      const remaining = remainingOf(row);
      expect(remaining, 'back near the full lifetime').toBeGreaterThanOrEqual(LIFETIME_S - 2);
      expect(Math.abs(remaining - serverRemaining(last, at))).toBeLessThanOrEqual(1 + READ_SLACK_S);
      expect(statusOf(row)).toBe('Active');
    });

    it('a: a fixed Django session (set_expiry, no refresh) says "fixed", also after another page of the site', async () => {
      await visitSetting(ctx, HOSTS.fixed, `/django/login?expiry=${LIFETIME_S}`, 'sessionid');
      await sleep(APART_MS);
      // Without SESSION_SAVE_EVERY_REQUEST Django sends no cookie on a page: nothing moves.
      await ctx.driver.visit(ctx.server.url(HOSTS.fixed, '/django/page'));
      const { row } = await waitForRow(popup, HOSTS.fixed, 'sessionid', hasTime);
      expect(cell(row, 'Expires').text).toMatch(/\bfixed$/);
      expect(cell(row, 'Expires').text).not.toContain('resets on activity');
    });

    it('b: rolling Express (connect.sid, Expires only): after two more requests the row says the same sliding label', async () => {
      // Express writes Expires in whole seconds, truncated; each response leaves 700 ms into a
      // second, so a reading of Expires alone would give 299.3 s. Browsers count Expires − Date
      // from the response's arrival: 300 s, and the label must say so.
      const last = await slide(HOSTS.roll, 'connect.sid', `/express/login?max_age=${LIFETIME_S}&at_ms=700`, '/express/page?at_ms=700', 2);
      const { row, at } = await waitForRow(
        popup,
        HOSTS.roll,
        'connect.sid',
        (r) => hasTime(r) && cell(r, 'Expires').text.includes('resets on activity'),
        {
          what: 'the sliding label on the rolling Express session',
        },
      );
      const remaining = remainingOf(row);
      expect(Math.abs(remaining - serverRemaining(last, at))).toBeLessThanOrEqual(1 + READ_SLACK_S);
      expect(remaining, 'back near the full lifetime').toBeGreaterThanOrEqual(LIFETIME_S - 2);
      expect(cell(row, 'Expires').text, 'Express maxAge is 300 s: a label of 4 m 59 s would be off by the truncation of Expires').toContain(
        SLIDING_LABEL,
      );
    });

    it('c: a JWT cookie whose exp comes before its Max-Age counts to the token exp and says "token exp"', async () => {
      const set = await visitSetting(ctx, HOSTS.token, '/jwt/login?exp=90&max_age=600', 'access_token');
      const exp = set.tokenExpiresAt;
      if (exp === undefined) throw new Error('the fixture did not say when its token expires');
      const { row, at } = await waitForRow(popup, HOSTS.token, 'access_token', hasTime);
      const remaining = remainingOf(row);
      const toExp = (exp - at) / 1000;
      expect(Math.abs(remaining - toExp), `Remaining ${remaining} s vs exp − now ${toExp.toFixed(2)} s`).toBeLessThanOrEqual(
        1 + READ_SLACK_S,
      );
      expect(serverRemaining(set, at) - remaining, 'well before the cookie itself runs out').toBeGreaterThan(500);
      expect(cell(row, 'Expires').text).toContain('token exp');
      expect(cell(row, 'Expires').text).not.toContain('idle timeout');
    });

    it('d: the history page lists login, refresh, logout and login again in order; the site filter narrows it; CSV and JSON exports list them', async () => {
      const site = HOSTS.story;
      const login = `/django/login?expiry=${LIFETIME_S}&save_every_request=1`;
      const first = await visitSetting(ctx, site, login, 'sessionid');
      await sleep(first.at + APART_MS - Date.now());
      await visitSetting(ctx, site, '/django/page', 'sessionid');
      await waitForRow(popup, site, 'sessionid', (r) => statusOf(r) === 'Active');
      await visitSetting(ctx, site, '/django/logout', 'sessionid');
      await waitForRow(popup, site, 'sessionid', (r) => statusOf(r) === 'Logged out');
      await visitSetting(ctx, site, login, 'sessionid');
      await waitForRow(popup, site, 'sessionid', (r) => statusOf(r) === 'Active');

      // A refresh is logged once a minute at most (a rolling session is re-sent on every response),
      // and not within a minute of the login: "Refreshed" may be there, once, between login and logout.
      const expectStory = (events: string[], names: { in: string; refreshed: string; out: string }, what: string) => {
        expect(
          events.filter((e) => e !== names.refreshed),
          what,
        ).toEqual([names.in, names.out, names.in]);
        expect(events.filter((e) => e === names.refreshed).length, `${what}: refreshes`).toBeLessThanOrEqual(1);
        if (events.includes(names.refreshed))
          expect(events.indexOf(names.refreshed), `${what}: the refresh between login and logout`).toBe(1);
      };
      const shown = { in: 'Logged in sessionid', refreshed: 'Refreshed sessionid', out: 'Logged out sessionid' };
      const history = await ctx.driver.openExtensionPage('history.html');
      let view = await waitFor(
        async () => {
          const v = await readHistory(history);
          const story = siteStory(v, site);
          return story.length >= 3 && story.at(-1) === shown.in && story.includes(shown.out) ? v : undefined;
        },
        { timeout: 5000, message: `login, logout and login again of ${site} in the history` },
      ).catch(async (err: unknown) => {
        throw new Error(
          `${(err as Error).message}; table: ${JSON.stringify((await readHistory(history)).rows.filter((r) => r.site === site))}`,
        );
      });
      expect(view.headers).toEqual(['Time', 'Site', 'Event', 'Cookie', 'Store']);
      const story = siteStory(view, site);
      expectStory(story, shown, `the events of ${site}, oldest first`);
      const ours = view.rows.filter((r) => r.site === site).reverse();
      expect(new Set(ours.map((r) => r.store))).toEqual(new Set(['Regular']));
      const times = ours.map((r) => Date.parse(r.datetime));
      expect(
        [...times].sort((a, b) => a - b),
        'times in order',
      ).toEqual(times);
      const others = new Set(view.rows.map((r) => r.site).filter((s) => s !== site));
      expect(others.size, 'other sites in the unfiltered table').toBeGreaterThan(0);
      expect(view.sites).toEqual(expect.arrayContaining(['', site, ...others]));

      view = await filterBySite(history, site);
      expect(view.rows.map((r) => r.site)).toEqual(story.map(() => site));
      expect(view.count).toBe(`Events shown: ${story.length}`);

      const kinds = { in: `${site} logged-in sessionid`, refreshed: `${site} refreshed sessionid`, out: `${site} logged-out sessionid` };
      const csv = await exportHistory(ctx.driver, history, 'Export CSV');
      expect(csv.name).toMatch(/^session-watch-history-\d{4}-\d{2}-\d{2}\.csv$/);
      const table = parseCsv(csv.text);
      expect(table[0]).toEqual(['time', 'site', 'event', 'cookie', 'store', 'expires', 'idle_seconds', 'result', 'status', 'reason']);
      const csvStory = table.slice(1).map((r) => `${r[1]} ${r[2]} ${r[3]}`);
      expect(csvStory.length, `the filtered CSV (${csv.via}) has the rows the table shows`).toBe(story.length);
      expectStory(csvStory, kinds, `the filtered CSV (${csv.via})`);

      view = await filterBySite(history, '');
      const json = await exportHistory(ctx.driver, history, 'Export JSON');
      expect(json.name).toMatch(/^session-watch-history-\d{4}-\d{2}-\d{2}\.json$/);
      const events = JSON.parse(json.text) as { time: string; site: string; event: string; cookie: string; store: string }[];
      expect(events.length, `every event in the unfiltered JSON (${json.via})`).toBe(view.rows.length);
      expectStory(
        events.filter((e) => e.site === site).map((e) => `${e.site} ${e.event} ${e.cookie}`),
        kinds,
        `the events of ${site} in the JSON (${json.via})`,
      );
      expect(new Set(events.map((e) => e.site)).size).toBe(others.size + 1);
      // No cookie value rides along in an export.
      expect(json.text.includes(first.value)).toBe(false);
      await history.close();
    });

    it('e: "Show all cookies" reveals a cookie that is no session; marked as the session it stays listed with the switch off, also in a popup opened again', async () => {
      const site = HOSTS.prefs;
      await visitSetting(ctx, site, `/django/login?expiry=${LIFETIME_S}`, 'sessionid');
      await visitSetting(ctx, site, '/theme', 'theme');
      await setShowAll(popup, false);
      await waitForRow(popup, site, 'sessionid');
      const off = await waitFor(
        async () => {
          const v = await readPopup(popup);
          return /Other cookies hidden: [1-9]/.test(v.text) ? v : undefined;
        },
        { timeout: 5000, message: '"Other cookies hidden: N" beside the switch' },
      );
      expect(findRow(off, site, 'theme'), 'theme with "Show all cookies" off').toBeUndefined();

      await setShowAll(popup, true);
      const { row } = await waitForRow(popup, site, 'theme');
      expect(await readSessionMark(popup, row.id, 'theme'), 'theme is not marked as the session').toBe(false);
      await toggleSessionMark(popup, row, true);
      await waitFor(
        async () => {
          const settings = (await ctx.driver.readStorage('sync'))['settings'] as
            { domains?: { domain: string; marks?: Record<string, boolean> }[] } | undefined;
          return settings?.domains?.find((d) => d.domain === site)?.marks?.['theme'] === true ? true : undefined;
        },
        { timeout: 5000, message: `the mark of theme on ${site} in storage.sync` },
      );

      await setShowAll(popup, false);
      const still = await readPopup(popup);
      expect(findRow(still, site, 'theme'), 'theme, marked as the session, with the switch off').toBeDefined();
      // The switch answers at once and saves after (a read, then a write): closing the page before the write would lose it.
      await waitFor(
        async () =>
          ((await ctx.driver.readStorage('sync'))['settings'] as { showAllCookies?: boolean } | undefined)?.showAllCookies === false
            ? true
            : undefined,
        { timeout: 5000, message: '"Show all cookies" off in storage.sync' },
      );

      await popup.close();
      popup = await ctx.driver.openExtensionPage('popup.html');
      const again = await waitForRow(popup, site, 'theme');
      expect(await readShowAll(popup), '"Show all cookies" after reopening').toBe(false);
      expect(await readSessionMark(popup, again.row.id, 'theme')).toBe(true);
    });

    it('f: an idle timeout declared in the options makes the row say "idle timeout" and count to the last refresh + idle', async () => {
      const site = HOSTS.idle;
      const set = await visitSetting(ctx, site, `/django/login?expiry=${LIFETIME_S}`, 'sessionid');
      const before = await waitForRow(popup, site, 'sessionid', hasTime);
      expect(remainingOf(before.row)).toBeGreaterThan(LIFETIME_S - 5);

      const options = await ctx.driver.openExtensionPage('options.html');
      await setIdleMinutes(options, site, 1);
      await options.close();

      const { row, at } = await waitForRow(
        popup,
        site,
        'sessionid',
        (r) => hasTime(r) && cell(r, 'Expires').text.includes('idle timeout'),
        {
          what: '"idle timeout" on the row',
        },
      );
      const record = (await readStoredRecords(ctx.driver)).get(`cookie:${row.id}`);
      const lastRefreshed = record?.lastRefreshed;
      if (typeof lastRefreshed !== 'number')
        throw new Error(`no lastRefreshed in the stored record of ${row.id}: ${JSON.stringify(record)}`);
      expect(Math.abs(lastRefreshed - set.at), 'the last refresh is the login').toBeLessThan(1000);
      const remaining = remainingOf(row);
      const toIdle = (lastRefreshed + 60_000 - at) / 1000;
      expect(
        Math.abs(remaining - toIdle),
        `Remaining ${remaining} s vs lastRefresh + 1 min − now ${toIdle.toFixed(2)} s`,
      ).toBeLessThanOrEqual(1 + READ_SLACK_S);
      expect(cell(row, 'Expires').text).not.toContain('token exp');
    });

    // b (hardening): after all of the above, no cookie value in storage or console, no request of its own.
    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

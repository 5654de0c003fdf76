/** Scenarios 2-5: the popup's countdown against the fixture server's clock. */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import { readCookieEvents, startCookieEventLog } from './harness/cookie-events';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { cell, findRow, readPopup, remainingOf, statusOf, waitForRow, type RowView } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { READ_SLACK_S, serverRemaining, visitSetting } from './harness/site';
import { sleep } from './harness/wait';

browserSuite(
  'countdown',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      const options = await watchDomains(ctx.driver, [
        HOSTS.countdown,
        HOSTS.short,
        HOSTS.sliding,
        HOSTS.rolling,
        HOSTS.untilClose,
        HOSTS.php,
        HOSTS.jwt,
      ]);
      await options.close();
      popup = await ctx.driver.openExtensionPage('popup.html');
    }, 60_000);

    it('2: a 300 s session: Remaining matches the server within 1 s and goes down by 2 in 2 s', async () => {
      const set = await visitSetting(ctx, HOSTS.countdown, '/django/login?expiry=300', 'sessionid');
      const first = await waitForRow(popup, HOSTS.countdown, 'sessionid', (r) => cell(r, 'Remaining').time !== null);
      const r1 = remainingOf(first.row);
      const expected = serverRemaining(set, first.at);
      expect(Math.abs(r1 - expected), `Remaining ${r1} s vs server ${expected.toFixed(2)} s`).toBeLessThanOrEqual(1 + READ_SLACK_S);
      expect(statusOf(first.row)).toBe('Active');

      await sleep(first.at + 2000 - Date.now());
      const second = await waitForRow(popup, HOSTS.countdown, 'sessionid');
      const r2 = remainingOf(second.row);
      expect(r1 - r2, `Remaining went from ${r1} to ${r2} in ${second.at - first.at} ms`).toBeGreaterThanOrEqual(1);
      expect(r1 - r2).toBeLessThanOrEqual(3);
    });

    it('3: a 3 s session says "Expired" within 1 s after it runs out, with no request and no cookie event', async () => {
      await startCookieEventLog(ctx.driver);
      const set = await visitSetting(ctx, HOSTS.short, '/django/login?expiry=3', 'sessionid');
      const requestsAfterLogin = ctx.server.requests().length;
      const expiresAt = set.expiresAt ?? 0;
      await waitForRow(popup, HOSTS.short, 'sessionid', (r) => statusOf(r) !== 'Expired', {
        timeout: Math.max(500, expiresAt - Date.now()),
        what: 'the 3 s session row before it runs out',
      });
      const deadline = expiresAt + 1000 + READ_SLACK_S * 1000;
      const expired = await waitForRow(popup, HOSTS.short, 'sessionid', (r) => statusOf(r) === 'Expired', {
        timeout: Math.max(0, deadline - Date.now()),
        what: `"Expired" by ${new Date(deadline).toISOString()} (expiry ${new Date(expiresAt).toISOString()})`,
      });
      expect(expired.at).toBeLessThanOrEqual(deadline);

      const later = ctx.server
        .requests()
        .slice(requestsAfterLogin)
        .filter((r) => r.host === HOSTS.short && r.path !== '/favicon.ico');
      expect(later, 'requests to the site after the login').toEqual([]);
      const events = (await readCookieEvents(ctx.driver)).filter(
        (e) => e.domain === HOSTS.short && e.name === 'sessionid' && e.at <= expired.at,
      );
      expect(events.filter((e) => !e.removed).length, 'the event log saw the login (so it would see more)').toBeGreaterThan(0);
      expect(
        events.filter((e) => e.removed),
        'cookie removal events before "Expired" showed',
      ).toEqual([]);
    });

    it('3b: the expired row says when it ended and offers "Clear sessionid"', async () => {
      const set = ctx.server.lastSet(HOSTS.short, 'sessionid');
      const { row } = await waitForRow(popup, HOSTS.short, 'sessionid', (r) => statusOf(r) === 'Expired');
      const time = cell(row, 'Status').time;
      expect(time, 'a <time> in the Status cell').not.toBeNull();
      const endedAt = Date.parse(time?.datetime ?? '');
      expect(Math.abs(endedAt - (set?.expiresAt ?? 0)), `ended ${time?.datetime}`).toBeLessThanOrEqual(1500);
      expect(Object.values(row.cells).flatMap((c) => c.buttons)).toContain('Clear sessionid');
    });

    // 180 s: longer than the default 2 min lead, so the refreshed row is plainly "Active".
    it.each([
      {
        framework: 'Django SESSION_SAVE_EVERY_REQUEST',
        host: HOSTS.sliding,
        name: 'sessionid',
        login: '/django/login?expiry=180&save_every_request=1',
        page: '/django/page',
      },
      {
        framework: 'Express rolling: true',
        host: HOSTS.rolling,
        name: 'connect.sid',
        login: '/express/login?max_age=180',
        page: '/express/page',
      },
    ])(
      '4: sliding session ($framework): another request puts Remaining back near the full lifetime',
      async ({ host, name, login, page }) => {
        await visitSetting(ctx, host, login, name);
        const hasTime = (r: RowView) => cell(r, 'Remaining').time !== null;
        // Let it run down visibly first.
        const runDown = await waitForRow(popup, host, name, (r) => hasTime(r) && remainingOf(r) <= 177, {
          timeout: 6000,
          what: `${name} to fall to 177 s`,
        });
        expect(remainingOf(runDown.row)).toBeLessThanOrEqual(177);

        const refreshed = await visitSetting(ctx, host, page, name);
        const back = await waitForRow(popup, host, name, (r) => hasTime(r) && remainingOf(r) >= 178, {
          timeout: 3000,
          what: `${name} to be back near 180 s`,
        });
        const remaining = remainingOf(back.row);
        const expected = serverRemaining(refreshed, back.at);
        expect(Math.abs(remaining - expected), `Remaining ${remaining} vs server ${expected.toFixed(2)}`).toBeLessThanOrEqual(
          1 + READ_SLACK_S,
        );
        expect(statusOf(back.row)).toBe('Active');
      },
    );

    it('5: Django set_expiry(0): the row says "until browser closes"', async () => {
      await visitSetting(ctx, HOSTS.untilClose, '/django/login?expiry=0', 'sessionid');
      const { row } = await waitForRow(popup, HOSTS.untilClose, 'sessionid');
      expect(cell(row, 'Remaining').text).toBe('until browser closes');
      expect(cell(row, 'Remaining').time).toBeNull();
      expect(statusOf(row)).toBe('Browser session');
      expect(cell(row, 'Expires').text).toBe('When the browser closes');
    });

    it("5b: PHP session.cookie_lifetime=0: no cookie expiry, so the row counts to PHP's typical server idle timeout, said to be a default", async () => {
      await visitSetting(ctx, HOSTS.php, '/php/login', 'PHPSESSID');
      const last = ctx.server
        .requests()
        .filter((r) => r.host === HOSTS.php && r.path !== '/favicon.ico')
        .at(-1)?.at;
      const { row, at } = await waitForRow(popup, HOSTS.php, 'PHPSESSID', (r) => cell(r, 'Remaining').time !== null);
      expect(cell(row, 'Expires').text).toContain('PHP default: about 24 m idle');
      const expected = ((last ?? at) + 1440 * 1000 - at) / 1000;
      expect(Math.abs(remainingOf(row) - expected), `Remaining ${remainingOf(row)} s vs ${expected.toFixed(1)} s`).toBeLessThanOrEqual(
        2 + READ_SLACK_S,
      );
      expect(statusOf(row)).toBe('Active');
    });

    it('a JWT cookie whose exp comes before the cookie expiry counts down to the token exp and says "token exp"', async () => {
      const set = await visitSetting(ctx, HOSTS.jwt, '/jwt/login?exp=60&max_age=600', 'access_token');
      const tokenExpiresAt = set.tokenExpiresAt;
      if (tokenExpiresAt === undefined) throw new Error('the fixture did not say when its token expires');
      const { row, at } = await waitForRow(popup, HOSTS.jwt, 'access_token', (r) => cell(r, 'Remaining').time !== null);
      const remaining = remainingOf(row);
      const toExp = (tokenExpiresAt - at) / 1000;
      expect(
        Math.abs(remaining - toExp),
        `Remaining ${remaining} s vs token exp in ${toExp.toFixed(2)} s (cookie: ${serverRemaining(set, at).toFixed(0)} s)`,
      ).toBeLessThanOrEqual(1 + READ_SLACK_S);
      expect(cell(row, 'Expires').text).toContain('token exp');
      expect(cell(row, 'Expires').time?.datetime, 'the Expires cell names the token exp').toBe(
        `${new Date(tokenExpiresAt).toISOString().slice(0, 19)}Z`,
      );
    });

    it('shows the table the DOM contract describes', async () => {
      const view = await readPopup(popup);
      expect(view.caption).toBe('Watched session cookies');
      expect(view.headers).toEqual(['Site', 'Cookie', 'Expires', 'Remaining', 'Status']);
      expect(findRow(view, HOSTS.countdown, 'sessionid')).toBeDefined();
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

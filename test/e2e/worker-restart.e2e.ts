/**
 * Scenario 10 (Chromium only: Firefox runs the background as an event page
 * and offers no way to stop it from a test): an MV3 worker is stopped after
 * 30 s idle, so everything the popup shows must survive that.
 */
import { beforeAll, expect } from 'vitest';
import { browserSuite, itExcept } from './harness/browser-suite';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { remainingOf, statusOf, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { READ_SLACK_S, serverRemaining, visitSetting } from './harness/site';

browserSuite(
  'service worker restart',
  (ctx) => {
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.restart])).close();
    }, 60_000);

    itExcept(ctx.browser, {
      firefox: 'Firefox: the harness cannot stop the event page (Driver.stopWorker is CDP ServiceWorker.stopWorker)',
    })('10: the popup opened after the worker was stopped mid-session is still correct', async () => {
      const set = await visitSetting(ctx, HOSTS.restart, '/django/login?expiry=300', 'sessionid');
      const before = await ctx.driver.openExtensionPage('popup.html');
      await waitForRow(before, HOSTS.restart, 'sessionid', (r) => statusOf(r) === 'Active');
      await before.close();

      const stop = ctx.driver.stopWorker;
      if (!stop) throw new Error(`${ctx.browser} cannot stop its worker`);
      expect(await stop(), 'the worker was running before it was stopped').toBe(true);

      const after = await ctx.driver.openExtensionPage('popup.html');
      const { row, at } = await waitForRow(after, HOSTS.restart, 'sessionid');
      expect(statusOf(row)).toBe('Active');
      expect(Math.abs(remainingOf(row) - serverRemaining(set, at))).toBeLessThanOrEqual(1 + READ_SLACK_S);

      // A change while the worker is down must wake it and still reach the popup.
      await stop(); // (it may have stopped already: the popup need not wake it)
      await visitSetting(ctx, HOSTS.restart, '/django/logout', 'sessionid');
      await waitForRow(after, HOSTS.restart, 'sessionid', (r) => statusOf(r) === 'Logged out', {
        timeout: 5000,
        what: '"Logged out" after a logout while the worker was stopped',
      });
      await after.close();
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

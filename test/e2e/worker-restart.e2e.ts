/**
 * Scenario 10: an MV3 worker is stopped after 30 s idle (Chromium's service
 * worker; Firefox's event page after extensions.background.idle.timeout), so
 * everything the popup shows must survive that, and a cookie change must
 * wake it.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
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

    it('10: the popup opened after the worker was stopped mid-session is still correct', async () => {
      const set = await visitSetting(ctx, HOSTS.restart, '/django/login?expiry=300', 'sessionid');
      const before = await ctx.driver.openExtensionPage('popup.html');
      await waitForRow(before, HOSTS.restart, 'sessionid', (r) => statusOf(r) === 'Active');
      await before.close();

      const stop = () => ctx.driver.stopWorker();
      expect(await stop(), 'the worker was running before it was stopped').toBe(true);

      const after = await ctx.driver.openExtensionPage('popup.html');
      const { row, at } = await waitForRow(after, HOSTS.restart, 'sessionid');
      expect(statusOf(row)).toBe('Active');
      expect(Math.abs(remainingOf(row) - serverRemaining(set, at))).toBeLessThanOrEqual(1 + READ_SLACK_S);

      // A change while the worker is down must wake it and still reach the popup.
      await stop(); // (it may have stopped already: the popup need not wake it)
      const stoppedAt = Date.now();
      await visitSetting(ctx, HOSTS.restart, '/django/logout', 'sessionid');
      await waitForRow(after, HOSTS.restart, 'sessionid', (r) => statusOf(r) === 'Logged out', {
        timeout: 5000,
        what: '"Logged out" after a logout while the worker was stopped',
      });
      expect((await ctx.driver.backgroundStarts()).filter((t) => t > stoppedAt).length, 'background starts after the stop').toBeGreaterThan(
        0,
      );
      await after.close();
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

/** Scenario 6: Django logout, then a new login. */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { readPopup, remainingOf, statusOf, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { READ_SLACK_S, serverRemaining, visitSetting } from './harness/site';

browserSuite(
  'logout',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.logout])).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
    }, 60_000);

    it('6: logout says "Logged out"; logging in again replaces the row with an active one', async () => {
      await visitSetting(ctx, HOSTS.logout, '/django/login?expiry=300', 'sessionid');
      const active = await waitForRow(popup, HOSTS.logout, 'sessionid', (r) => statusOf(r) === 'Active');

      await visitSetting(ctx, HOSTS.logout, '/django/logout', 'sessionid');
      const out = await waitForRow(popup, HOSTS.logout, 'sessionid', (r) => statusOf(r) === 'Logged out', {
        timeout: 3000,
        what: '"Logged out"',
      });
      expect(out.row.id).toBe(active.row.id);

      const again = await visitSetting(ctx, HOSTS.logout, '/django/login?expiry=300', 'sessionid');
      const back = await waitForRow(popup, HOSTS.logout, 'sessionid', (r) => statusOf(r) === 'Active', {
        timeout: 3000,
        what: 'an active row after logging in again',
      });
      expect(Math.abs(remainingOf(back.row) - serverRemaining(again, back.at))).toBeLessThanOrEqual(1 + READ_SLACK_S);
      const rows = (await readPopup(popup)).rows.filter((r) => r.domain === HOSTS.logout && r.name === 'sessionid');
      expect(rows.map((r) => statusOf(r))).toEqual(['Active']);
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

/**
 * Scenario 8 over every kind of cookie the fixture hands out: the popup lists
 * exactly the watched ones, the unwatched other.test appears nowhere (popup,
 * storage), and after all of them no value is in any extension storage area
 * or console, and the extension made no request of its own. (Every other file
 * ends with the same check over its own scenarios.)
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { readPopup, setShowAll, statusOf, waitForRow } from './harness/popup-view';
import { dumpStorage, findSecrets, itLeavesNoTrace } from './harness/privacy';
import { readStoredRecords } from './harness/storage-read';
import { visitSetting } from './harness/site';
import { HOSTILE_NAME } from './server/set-cookie';

browserSuite(
  'privacy over every kind of session cookie',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.app, HOSTS.jwt])).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
    }, 60_000);

    it('sees every kind of session cookie the fixture sets', async () => {
      const app = HOSTS.app;
      await visitSetting(ctx, app, '/django/login?expiry=300&save_every_request=1', 'sessionid');
      await visitSetting(ctx, app, '/django/page', 'sessionid');
      await visitSetting(ctx, app, '/express/login?max_age=600', 'connect.sid');
      await visitSetting(ctx, app, '/express/page', 'connect.sid');
      await visitSetting(ctx, app, '/php/login', 'PHPSESSID');
      await visitSetting(ctx, app, '/hostile/login?max_age=300', HOSTILE_NAME);
      await visitSetting(ctx, HOSTS.jwt, '/jwt/login?exp=60&max_age=600', 'access_token');
      await visitSetting(ctx, app, '/django/login?expiry=300&domain=example.test', 'sessionid');
      const unwatched = await visitSetting(ctx, HOSTS.other, '/django/login?expiry=300', 'sessionid');
      // The hostile-named cookie is no session cookie: listed once "Show all cookies" is on.
      await setShowAll(popup, true);
      for (const name of ['connect.sid', 'PHPSESSID', HOSTILE_NAME]) await waitForRow(popup, app, name);
      await waitForRow(popup, HOSTS.jwt, 'access_token');
      await waitForRow(popup, '.example.test', 'sessionid');
      await visitSetting(ctx, app, '/django/logout', 'sessionid');
      await waitForRow(popup, app, 'sessionid', (r) => statusOf(r) === 'Logged out');

      // Exactly the watched cookies, each with the status its kind gives, and nothing of other.test.
      const view = await readPopup(popup);
      const rows = view.rows.map((r) => `${r.domain} ${r.name}: ${statusOf(r)}`).sort();
      expect(rows).toEqual(
        [
          `${app} sessionid: Logged out`,
          `${app} connect.sid: Active`,
          // A PHP session cookie lives until the browser closes; PHP's idle default counts it down.
          `${app} PHPSESSID: Active`,
          `${app} ${HOSTILE_NAME}: Active`,
          // The token's exp (60 s) is within the default warning lead.
          `${HOSTS.jwt} access_token: Expiring soon`,
          '.example.test sessionid: Active',
        ].sort(),
      );
      expect(view.text, 'the popup names the unwatched other.test').not.toContain('other.test');
      expect(
        [...(await readStoredRecords(ctx.driver)).values()].map((r) => `${r.domain} ${r.name}`).sort(),
        'cookie records in storage.local',
      ).toEqual(
        [
          `${app} sessionid`,
          `${app} connect.sid`,
          `${app} PHPSESSID`,
          `${app} ${HOSTILE_NAME}`,
          `${HOSTS.jwt} access_token`,
          '.example.test sessionid',
        ].sort(),
      );
      const dump = await dumpStorage(ctx.driver);
      expect(JSON.stringify(dump), 'extension storage names the unwatched other.test').not.toContain('other.test');
      expect(findSecrets(dump, [unwatched.value]), 'the unwatched session value in storage').toEqual([]);
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

/**
 * Scenario 8 over every kind of cookie the fixture hands out: after all of
 * them, no value is in any extension storage area or console, and the
 * extension made no request of its own. (Every other file ends with the same
 * check over its own scenarios.)
 */
import { beforeAll, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { setShowAll, statusOf, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
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
      await visitSetting(ctx, HOSTS.other, '/django/login?expiry=300', 'sessionid');
      // The hostile-named cookie is no session cookie: listed once "Show all cookies" is on.
      await setShowAll(popup, true);
      for (const name of ['connect.sid', 'PHPSESSID', HOSTILE_NAME]) await waitForRow(popup, app, name);
      await waitForRow(popup, HOSTS.jwt, 'access_token');
      await waitForRow(popup, '.example.test', 'sessionid');
      await visitSetting(ctx, app, '/django/logout', 'sessionid');
      await waitForRow(popup, app, 'sessionid', (r) => statusOf(r) === 'Logged out');
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

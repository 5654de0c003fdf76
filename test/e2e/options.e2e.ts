/** Scenarios 1 and 11: watching and unwatching a domain through the options page. */
import { expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import { HOSTS } from './harness/hosts';
import { addDomain, itemFor, readDomains, removeDomain, watchDomains } from './harness/options-view';
import { readPopup, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { visitSetting } from './harness/site';
import { waitFor } from './harness/wait';

browserSuite(
  'watched domains in the options page',
  (ctx) => {
    it('1: a domain added through the options page shows "Access granted"', async () => {
      const options = await ctx.driver.openExtensionPage('options.html');
      await addDomain(options, HOSTS.access);
      const item = await waitFor(
        async () => {
          const found = itemFor(await readDomains(options), HOSTS.access);
          return found?.text.includes('Access granted') ? found : undefined;
        },
        { timeout: 5000, message: `"Access granted" beside ${HOSTS.access}` },
      );
      expect(item.text).toContain(HOSTS.access);
      expect(item.text).not.toContain('Access needed');
      await options.close();
    });

    it('11: removing a watched domain removes its rows', async () => {
      const options = await watchDomains(ctx.driver, [HOSTS.remove, HOSTS.keep]);
      const popup = await ctx.driver.openExtensionPage('popup.html');
      await visitSetting(ctx, HOSTS.remove, '/django/login?expiry=300', 'sessionid');
      await visitSetting(ctx, HOSTS.keep, '/django/login?expiry=300', 'sessionid');
      await waitForRow(popup, HOSTS.remove, 'sessionid');
      await waitForRow(popup, HOSTS.keep, 'sessionid');

      await removeDomain(options, HOSTS.remove);
      const view = await waitFor(
        async () => {
          const v = await readPopup(popup);
          return v.rows.some((r) => r.domain === HOSTS.remove) ? undefined : v;
        },
        { timeout: 5000, message: `the rows of ${HOSTS.remove} to leave the popup` },
      );
      expect(view.rows.map((r) => r.domain)).toContain(HOSTS.keep);
      await popup.close();
      await options.close();
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

/** Scenario 7: which cookies belong to a watched domain. */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { readPopup, waitForRow } from './harness/popup-view';
import { dumpStorage, itLeavesNoTrace } from './harness/privacy';
import { visitSetting } from './harness/site';
import { sleep } from './harness/wait';

browserSuite(
  'cookie matching',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.app])).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
    }, 60_000);

    it('7: a parent-domain cookie set by app.example.test is shown; a cookie of unwatched other.test is not', async () => {
      // The unwatched cookie first, so by the time the watched one shows, the
      // worker has had the unwatched one's event too.
      await visitSetting(ctx, HOSTS.other, '/django/login?expiry=300', 'sessionid');
      const parent = await visitSetting(ctx, HOSTS.app, '/django/login?expiry=300&domain=example.test', 'sessionid');
      expect(parent.header).toContain('Domain=example.test');
      await waitForRow(popup, '.example.test', 'sessionid');

      const probe = await ctx.driver.probe();
      const otherCookies = await probe.evaluate(async (domain) => {
        const g = globalThis as unknown as ExtGlobal;
        return ((await (g.browser ?? g.chrome)?.cookies.getAll({ domain })) ?? []).map((c) => `${c.domain} ${c.name}`);
      }, HOSTS.other);
      expect(otherCookies, 'the browser holds the other.test cookie').toContain('other.test sessionid');

      // A negative needs a window: give the worker a moment beyond the positive above.
      await sleep(500);
      const view = await readPopup(popup);
      expect(view.rows.filter((r) => r.domain.replace(/^\./, '').endsWith('other.test')).map((r) => r.id)).toEqual([]);
      const stored = JSON.stringify(await dumpStorage(ctx.driver));
      expect(stored.includes('other.test|'), 'a record of the other.test cookie in storage').toBe(false);
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

/**
 * Scenario 9: a cookie name made of markup stays text. It is no session
 * cookie (not HttpOnly, no session-like name), so the popup hides it until
 * "Show all cookies" is on: the test turns it on, as a person would.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { cell, findRow, readPopup, setShowAll, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { visitSetting } from './harness/site';
import { waitFor } from './harness/wait';
import { HOSTILE_NAME, XSS_FLAG } from './server/set-cookie';

const CSP_LOG = '__sessionWatchE2eCsp';

browserSuite(
  'hostile cookie name',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.hostile])).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
      // Extension pages forbid inline handlers (CSP), so an injected onerror
      // would not run; it would still report a violation, which is recorded.
      await popup.evaluate((key) => {
        const log: string[] = [];
        (window as unknown as Record<string, string[]>)[key] = log;
        document.addEventListener('securitypolicyviolation', (e) => log.push(`${e.violatedDirective} ${e.sample}`));
      }, CSP_LOG);
    }, 60_000);

    it('9: the hostile name is shown as literal text and no script runs', async () => {
      await visitSetting(ctx, HOSTS.hostile, '/hostile/login?max_age=300', HOSTILE_NAME);
      // The switch's hint counts the hidden cookie once its record is there.
      await popup.bringToFront();
      const hidden = await waitFor(
        async () => {
          const view = await readPopup(popup);
          return view.text.includes('Other cookies hidden: 1') ? view : undefined;
        },
        { timeout: 5000, message: '"Other cookies hidden: 1" beside "Show all cookies"' },
      );
      expect(
        findRow(hidden, HOSTS.hostile, HOSTILE_NAME),
        'a cookie that is no session, listed with "Show all cookies" off',
      ).toBeUndefined();
      await setShowAll(popup, true);
      const { row } = await waitForRow(popup, HOSTS.hostile, HOSTILE_NAME);
      expect(cell(row, 'Cookie').text).toBe(HOSTILE_NAME);
      expect(cell(row, 'Cookie').elements.filter((t) => ['img', 'b', 'svg', 'script'].includes(t))).toEqual([]);

      const page = await popup.evaluate(
        ({ flag, csp, name }) => ({
          flag: (window as unknown as Record<string, unknown>)[flag] ?? null,
          violations: (window as unknown as Record<string, string[]>)[csp] ?? [],
          handlerImages: document.querySelectorAll('img[onerror], [onload], [onerror]').length,
          boldX: Array.from(document.querySelectorAll('b')).filter((b) => b.textContent === 'x').length,
          textFound: document.body.textContent?.includes(name) ?? false,
        }),
        { flag: XSS_FLAG, csp: CSP_LOG, name: HOSTILE_NAME },
      );
      expect(page).toEqual({ flag: null, violations: [], handlerImages: 0, boldX: 0, textFound: true });
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

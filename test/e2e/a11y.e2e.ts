/**
 * Accessibility: axe-core over the popup, options and history pages, each in
 * a light and a dark colour scheme, with 0 violations expected. The pages
 * hold what a person would see after a while of use: several sites, a row
 * of every status, sliding and token labels, the expiring-soon banner, a
 * site that needs access, a validation error, history events.
 *
 * How each browser is put in dark mode: Chromium emulates the media feature
 * per tab (CDP); WebDriver BiDi has no such command, so Firefox is launched
 * once per scheme with `layout.css.prefers-color-scheme.content-override`.
 *
 * The Chromium run also writes the README's screenshots:
 * docs/screenshots/{popup,options,history}-{light,dark}.png when
 * UPDATE_SCREENSHOTS=1, else test-results/e2e/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { RESULTS_DIR } from './harness/artifacts';
import { describeViolations, runAxe } from './harness/axe';
import { browserSuite, type SuiteContext } from './harness/browser-suite';
import type { ColorScheme, TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { readHistory } from './harness/history-view';
import { HOSTS, NO_ACCESS_DOMAIN } from './harness/hosts';
import { mark } from './harness/dom-marker';
import { addDomain, itemFor, openDomainDetails, readDomains, watchDomains } from './harness/options-view';
import { cell, readPopup, statusOf, waitForRow, type StatusText } from './harness/popup-view';
import { visitSetting } from './harness/site';
import { sleep, waitFor } from './harness/wait';

const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : join(RESULTS_DIR, 'screenshots');

type PageName = 'popup' | 'options' | 'history';
const PAGES: readonly PageName[] = ['popup', 'options', 'history'];
/** Viewport width per page: the popup as wide as its body (600 px), the others a laptop window's. */
const WIDTH: Record<PageName, number> = { popup: 600, options: 960, history: 960 };
const MAX_SHOT_HEIGHT = 1600;

/** Logs in to every site so the popup holds a row of every status; returns when each row shows it. */
async function fillTheProfile(ctx: SuiteContext): Promise<{ popup: TabHandle; options: TabHandle; history: TabHandle }> {
  const { driver } = ctx;
  const options = await watchDomains(driver, [HOSTS.mail, HOSTS.shop, HOSTS.bank, HOSTS.docs, HOSTS.wiki]);
  // A site the test build has no access to. Chromium's prompt for it never settles (headless
  // cannot answer it): the site is watched without access. Firefox grants it (prompts are off)
  // and it is taken back, as a person would in the browser's settings.
  await addDomain(options, NO_ACCESS_DOMAIN);
  if (driver.name === 'firefox') {
    const probe = await driver.probe();
    await probe.evaluate(
      async (origins) => {
        const g = globalThis as unknown as ExtGlobal;
        const api = (g.browser ?? g.chrome) as unknown as { permissions: { remove(p: { origins: string[] }): Promise<boolean> } };
        await api.permissions.remove({ origins });
      },
      // What the product asked for news.example.org: the host, its subdomains, the site.
      ['*://news.example.org/*', '*://*.news.example.org/*', '*://example.org/*'],
    );
  }
  await waitFor(async () => (itemFor(await readDomains(options), NO_ACCESS_DOMAIN)?.text.includes('Access needed') ? true : undefined), {
    timeout: 5000,
    message: `"Access needed" beside ${NO_ACCESS_DOMAIN}`,
  });

  const bank = await visitSetting(ctx, HOSTS.bank, '/django/login?expiry=2', 'sessionid');
  const mail = await visitSetting(ctx, HOSTS.mail, '/django/login?expiry=1800&save_every_request=1', 'sessionid');
  await visitSetting(ctx, HOSTS.mail, '/theme', 'theme');
  await visitSetting(ctx, HOSTS.shop, '/express/login?max_age=100', 'connect.sid');
  await visitSetting(ctx, HOSTS.docs, '/django/login?expiry=28800', 'sessionid');
  await visitSetting(ctx, HOSTS.docs, '/django/logout', 'sessionid');
  // PHP's browser-session cookie counts to PHP's typical idle timeout; Django's set_expiry(0) lasts until the browser closes.
  await visitSetting(ctx, HOSTS.wiki, '/php/login', 'PHPSESSID');
  await visitSetting(ctx, HOSTS.wiki, '/django/login?expiry=0', 'sessionid');
  await visitSetting(ctx, HOSTS.wiki, '/jwt/login?exp=3000&max_age=86400', 'access_token');
  // Two more requests make mail's session a sliding one (each moves its expiry later).
  await sleep(mail.at + 1100 - Date.now());
  await visitSetting(ctx, HOSTS.mail, '/django/page', 'sessionid');
  await sleep(1100);
  await visitSetting(ctx, HOSTS.mail, '/django/page', 'sessionid');
  await sleep((bank.expiresAt ?? 0) - Date.now());

  const popup = await driver.openExtensionPage('popup.html');
  const rows: [string, string, StatusText][] = [
    [HOSTS.mail, 'sessionid', 'Active'],
    [HOSTS.shop, 'connect.sid', 'Expiring soon'],
    [HOSTS.bank, 'sessionid', 'Expired'],
    [HOSTS.docs, 'sessionid', 'Logged out'],
    [HOSTS.wiki, 'PHPSESSID', 'Active'],
    [HOSTS.wiki, 'sessionid', 'Browser session'],
  ];
  for (const [host, name, status] of rows) {
    await waitForRow(popup, host, name, (r) => statusOf(r) === status, { what: `${name} on ${host} to say "${status}"` });
  }
  await waitForRow(popup, HOSTS.mail, 'sessionid', (r) => cell(r, 'Expires').text.includes('resets on activity'));
  await waitForRow(popup, HOSTS.wiki, 'access_token', (r) => cell(r, 'Expires').text.includes('token exp'));
  await waitFor(async () => ((await readPopup(popup)).text.includes(`${NO_ACCESS_DOMAIN}: Access needed`) ? true : undefined), {
    timeout: 5000,
    message: `"${NO_ACCESS_DOMAIN}: Access needed" in the popup`,
  });

  // The options page with an error shown (a domain with a space) and one site's own warnings open.
  await options.bringToFront();
  const field = await mark(options, { field: 'Domain' });
  await options.type(field, 'exa mple.com');
  await options.click(await mark(options, { button: 'Add' }));
  await waitFor(
    () => options.evaluate(() => (document.querySelector('[role="alert"]')?.textContent?.includes('space') ? true : undefined), null),
    { timeout: 5000, message: 'the validation message for "exa mple.com"' },
  );
  await openDomainDetails(options, HOSTS.mail);

  const history = await driver.openExtensionPage('history.html');
  await waitFor(async () => ((await readHistory(history)).rows.length >= 8 ? true : undefined), {
    timeout: 5000,
    message: 'the history to list the logins and logouts',
  });
  return { popup, options, history };
}

/**
 * Sizes the viewport to the page's content at `width` (at most MAX_SHOT_HEIGHT
 * tall), so a screenshot holds the whole page and nothing below it.
 */
async function fitViewport(page: TabHandle, width: number): Promise<void> {
  // A short viewport first: scrollHeight is then the content's height, not the window's.
  await page.setViewport(width, 100);
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight), null);
  await page.setViewport(width, Math.min(height, MAX_SHOT_HEIGHT));
}

function a11ySuite(schemes: readonly ColorScheme[], label: string, options: Parameters<typeof browserSuite>[2]): void {
  browserSuite(
    `accessibility ${label}`,
    (ctx) => {
      const tabs = new Map<PageName, TabHandle>();
      beforeAll(async () => {
        const opened = await fillTheProfile(ctx);
        for (const name of PAGES) tabs.set(name, opened[name]);
      }, 90_000);

      const cases = PAGES.flatMap((page) => schemes.map((scheme) => ({ page, scheme })));
      it.each(cases)('$page page, $scheme scheme: axe-core finds 0 violations', async ({ page, scheme }) => {
        const tab = tabs.get(page);
        if (!tab) throw new Error(`${page}.html did not open`);
        const emulate = ctx.driver.emulateColorScheme;
        if (emulate) await emulate(tab, scheme);
        else if (scheme !== ctx.driver.colorScheme)
          throw new Error(`${ctx.browser} was launched in the ${ctx.driver.colorScheme} scheme and cannot switch`);
        await fitViewport(tab, WIDTH[page]);
        await tab.bringToFront();
        const seen = await tab.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches, null);
        expect(seen, 'prefers-color-scheme: dark in the page').toBe(scheme === 'dark');

        if (ctx.browser === 'chromium') {
          await mkdir(SCREENSHOT_DIR, { recursive: true });
          // Settle the countdowns' and layout's next frame after the resize.
          await sleep(150);
          await tab.screenshot(join(SCREENSHOT_DIR, `${page}-${scheme}.png`));
        }

        const { violations, incomplete } = await runAxe(tab);
        if (incomplete.length > 0) {
          console.log(
            `[a11y] ${ctx.browser} ${page}.html ${scheme}: axe could not decide ${incomplete.map((i) => `${i.id} (${i.nodes})`).join(', ')}`,
          );
        }
        expect(violations, `axe-core violations in ${page}.html (${scheme}, ${ctx.browser}):\n${describeViolations(violations)}`).toEqual(
          [],
        );
      });

      it('the check can fail: a planted button without a name is reported', async () => {
        const tab = tabs.get('history');
        if (!tab) throw new Error('history.html did not open');
        await tab.evaluate(() => {
          const planted = document.createElement('button');
          planted.id = 'e2e-planted';
          document.body.append(planted);
        }, null);
        const { violations } = await runAxe(tab);
        await tab.evaluate(() => document.getElementById('e2e-planted')?.remove(), null);
        expect(violations.find((v) => v.id === 'button-name')?.nodes.map((n) => n.target)).toEqual(['#e2e-planted']);
      });
    },
    options,
  );
}

a11ySuite(['light', 'dark'], '(light and dark)', { file: import.meta.filename, browsers: ['chromium'] });
a11ySuite(['light'], '(light)', { file: import.meta.filename, browsers: ['firefox'], launch: { colorScheme: 'light' } });
a11ySuite(['dark'], '(dark)', { file: import.meta.filename, browsers: ['firefox'], launch: { colorScheme: 'dark' } });

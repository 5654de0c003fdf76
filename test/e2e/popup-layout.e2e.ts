/**
 * The popup at the widths a browser shows it: 360 px (Firefox's overflow
 * panel) to 800 px (Chrome's widest popup). Several sessions, one with a long
 * cookie name on a long domain, one of each status. At every width nothing
 * scrolls sideways and each row's countdown and status are in view; below
 * 560 px the rows stack into two-line cards, above it the table keeps its
 * sticky column headers. Countdowns tick without moving anything.
 *
 * jsdom cannot lay out, so this is measured in the browsers. The Chromium run
 * also writes the README's screenshots docs/screenshots/popup-{360,600}.png
 * when UPDATE_SCREENSHOTS=1, else into test-results/e2e/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { RESULTS_DIR } from './harness/artifacts';
import { describeViolations, runAxe } from './harness/axe';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { statusOf, waitForRow } from './harness/popup-view';
import { visitSetting } from './harness/site';
import { sleep, waitFor } from './harness/wait';

const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : join(RESULTS_DIR, 'screenshots');

/** A long watched domain (it is what the Site cell shows) and a long cookie name without a break opportunity. */
const LONG_HOST = 'accounts.customer-portal-eu-west-1.example.test';
const LONG_NAME = 'customer_portal_remember_me_session_token_v2';

const WIDTHS = [360, 420, 600, 800] as const;
/** Below this width the rows are cards (popup.css). */
const STACKED_BELOW = 580;
const HEIGHT = 700;

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  innerWidth: number;
  /** Whether the column headers take space on screen. */
  headerShown: boolean;
  rows: { id: string; remainingRight: number; statusRight: number; cellsRight: number }[];
}

function measure(): Layout {
  const html = document.documentElement;
  const thead = document.querySelector('table.cookies thead');
  const rows = Array.from(document.querySelectorAll('tbody tr[data-id]')).map((tr) => {
    const right = (el: Element | null | undefined) => (el ? el.getBoundingClientRect().right : Number.POSITIVE_INFINITY);
    const remaining = tr.querySelector('td.remaining');
    return {
      id: tr.getAttribute('data-id') ?? '',
      // The countdown itself when there is one ("until browser closes" is text in the cell).
      remainingRight: right(remaining?.querySelector('time') ?? remaining),
      statusRight: right(tr.querySelector('.status')),
      cellsRight: Math.max(...Array.from(tr.children).map((td) => td.getBoundingClientRect().right)),
    };
  });
  // The header row's box: 1 px and clipped while it is only for assistive technology.
  const box = thead?.getBoundingClientRect();
  return {
    scrollWidth: html.scrollWidth,
    clientWidth: html.clientWidth,
    innerWidth: window.innerWidth,
    headerShown: box !== undefined && box.width > 1 && box.height > 1,
    rows,
  };
}

/** Where each row's status pill and countdown sit, to the tenth of a pixel. */
function boxes(): string[] {
  const round = (n: number) => Math.round(n * 10) / 10;
  return Array.from(document.querySelectorAll('tbody tr[data-id]')).map((tr) => {
    const parts = [tr.querySelector('.status'), tr.querySelector('td.remaining time'), tr.querySelector('td.expires')];
    return parts
      .map((el) => {
        const r = el?.getBoundingClientRect();
        return r ? `${round(r.left)},${round(r.top)},${round(r.width)}x${round(r.height)}` : '-';
      })
      .join(' ');
  });
}

/** Sets the viewport and waits two frames for layout and the countdowns to follow. */
async function resize(popup: TabHandle, width: number, height: number): Promise<void> {
  // In front: a hidden tab may pause its countdowns (Firefox headless).
  await popup.bringToFront();
  await popup.setViewport(width, height);
  await popup.evaluate(async () => {
    for (let i = 0; i < 2; i += 1) await new Promise((done) => requestAnimationFrame(done));
  }, null);
}

browserSuite(
  'popup layout',
  (ctx) => {
    let popup: TabHandle;

    beforeAll(async () => {
      const { driver } = ctx;
      await (await watchDomains(driver, [HOSTS.mail, HOSTS.shop, HOSTS.bank, HOSTS.wiki, LONG_HOST])).close();
      const bank = await visitSetting(ctx, HOSTS.bank, '/django/login?expiry=2', 'sessionid');
      await visitSetting(ctx, HOSTS.mail, '/django/login?expiry=1800', 'sessionid');
      await visitSetting(ctx, HOSTS.shop, '/express/login?max_age=100', 'connect.sid');
      // PHP's row carries the longest Expires cell: PHP's typical idle timeout and the last request it counts from.
      await visitSetting(ctx, HOSTS.wiki, '/php/login', 'PHPSESSID');
      await visitSetting(ctx, HOSTS.wiki, '/django/login?expiry=0', 'sessionid');
      // No route of the fixture site answers for the long host: the cookie goes straight into the store, as a response would put it.
      const probe = await driver.probe();
      await probe.evaluate(
        async ({ host, name }) => {
          const g = globalThis as unknown as ExtGlobal;
          const api = (g.browser ?? g.chrome) as unknown as {
            cookies: { set(details: Record<string, unknown>): Promise<unknown> };
          };
          await api.cookies.set({
            url: `http://${host}/`,
            name,
            value: 'v1',
            httpOnly: true,
            expirationDate: Math.floor(Date.now() / 1000) + 3 * 3600,
          });
        },
        { host: LONG_HOST, name: LONG_NAME },
      );
      await sleep((bank.expiresAt ?? 0) - Date.now());

      popup = await driver.openExtensionPage('popup.html');
      await popup.setViewport(600, HEIGHT);
      const rows: [string, string, string][] = [
        [HOSTS.mail, 'sessionid', 'Active'],
        [HOSTS.shop, 'connect.sid', 'Expiring soon'],
        [HOSTS.bank, 'sessionid', 'Expired'],
        [HOSTS.wiki, 'PHPSESSID', 'Active'],
        [HOSTS.wiki, 'sessionid', 'Browser session'],
        [LONG_HOST, LONG_NAME, 'Active'],
      ];
      for (const [host, name, status] of rows) {
        await waitForRow(popup, host, name, (r) => statusOf(r) === status, {
          what: `${name} on ${host} to say "${status}"`,
          timeout: 8000,
        });
      }
    }, 90_000);

    it.each(WIDTHS)('%i px: no sideways scrolling, every countdown and status in view', async (width) => {
      await resize(popup, width, HEIGHT);
      const layout = await popup.evaluate(measure, null);
      console.log(
        `[layout] ${ctx.browser} ${width} px: scrollWidth ${layout.scrollWidth}, clientWidth ${layout.clientWidth}, innerWidth ${layout.innerWidth}`,
      );
      expect(layout.innerWidth, 'the viewport was resized').toBe(width);
      expect(layout.rows.length).toBe(6);
      expect(layout.scrollWidth, 'document scrollWidth <= clientWidth').toBeLessThanOrEqual(layout.clientWidth);
      // clientWidth, not only innerWidth: in Firefox a vertical scrollbar takes the viewport's last 12 px.
      const edge = Math.min(layout.innerWidth, layout.clientWidth);
      for (const row of layout.rows) {
        expect(row.remainingRight, `the countdown of ${row.id}`).toBeLessThanOrEqual(edge);
        expect(row.statusRight, `the status of ${row.id}`).toBeLessThanOrEqual(edge);
        expect(row.cellsRight, `the cells of ${row.id}`).toBeLessThanOrEqual(edge);
      }
      expect(layout.headerShown, 'column headers on screen').toBe(width >= STACKED_BELOW);
    });

    it('360 px: the table keeps its column headers for assistive technology while they are off screen', async () => {
      await resize(popup, 360, HEIGHT);
      const seen = await popup.evaluate(() => {
        const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
        const table = document.querySelector('table.cookies');
        const headers = Array.from(table?.querySelectorAll('thead th[scope="col"]') ?? []);
        const visible = headers.filter((th) => {
          const style = getComputedStyle(th);
          return style.display !== 'none' && style.visibility !== 'hidden';
        });
        return {
          headers: headers.map((th) => norm(th.textContent)),
          rendered: visible.length,
          cells: table?.querySelector('tbody tr')?.children.length,
        };
      }, null);
      expect(seen).toEqual({ headers: ['Site', 'Cookie', 'Expires', 'Remaining', 'Status'], rendered: 5, cells: 5 });
    });

    it('360 and 600 px: a ticking countdown moves nothing', async () => {
      for (const width of [360, 600]) {
        await resize(popup, width, HEIGHT);
        const before = await popup.evaluate(boxes, null);
        const text = () => popup.evaluate(() => document.querySelector('td.remaining time.ticking')?.textContent ?? null, null);
        const first = await text();
        expect(first, 'a ticking countdown in view').not.toBeNull();
        await waitFor(async () => ((await text()) !== first ? true : undefined), {
          timeout: 3000,
          message: `the countdown after ${first}`,
        });
        expect(await popup.evaluate(boxes, null), `${width} px: status, countdown and expiry boxes`).toEqual(before);
      }
    });

    it('360 px: axe-core finds 0 violations in the stacked rows', async () => {
      await resize(popup, 360, HEIGHT);
      const { violations } = await runAxe(popup);
      expect(violations, `axe-core violations at 360 px (${ctx.browser}):\n${describeViolations(violations)}`).toEqual([]);
    });

    it('600 px: the column headers stick to the top while the rows scroll under them', async () => {
      // A short popup: the table is taller than the view.
      await resize(popup, 600, 220);
      const seen = await popup.evaluate(async () => {
        const header = document.querySelector('th.col-remaining');
        const rows = document.querySelectorAll('tbody tr[data-id]');
        const last = rows[rows.length - 1];
        if (!header || !last) return null;
        const before = header.getBoundingClientRect().top;
        last.scrollIntoView({ block: 'end' });
        await new Promise((done) => requestAnimationFrame(done));
        const box = header.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return {
          scrolled: window.scrollY,
          before,
          top: box.top,
          hitIsHeader: hit !== null && header.contains(hit),
          hit: hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : null,
        };
      }, null);
      expect(seen, 'the popup table').not.toBeNull();
      expect(seen?.before, 'the header starts below the top').toBeGreaterThan(0);
      expect(seen?.scrolled, 'the page scrolled').toBeGreaterThan(0);
      expect(Math.abs(seen?.top ?? -1), 'the header at the top of the view').toBeLessThanOrEqual(1);
      expect(seen?.hitIsHeader, `what is on top at the header's centre: ${seen?.hit}`).toBe(true);
      await popup.evaluate(() => window.scrollTo(0, 0), null);
    });

    it('the banner stays whole beside the table at 360 px', async () => {
      await resize(popup, 360, HEIGHT);
      const banner = await popup.evaluate(() => {
        const box = document.querySelector('.expiring-on')?.getBoundingClientRect();
        const countdown = document.querySelector('.expiring-countdown')?.getBoundingClientRect();
        return box && countdown ? { right: box.right, countdownRight: countdown.right, inner: window.innerWidth } : null;
      }, null);
      expect(banner, 'the expiring-soon banner').not.toBeNull();
      expect(banner?.right).toBeLessThanOrEqual(banner?.inner ?? 0);
      expect(banner?.countdownRight).toBeLessThanOrEqual(banner?.right ?? 0);
    });

    it('screenshots at 360 and 600 px (Chromium, light)', async (test) => {
      if (ctx.browser !== 'chromium') test.skip(`${ctx.browser}: the README's screenshots come from Chromium, like the other ones`);
      const emulate = ctx.driver.emulateColorScheme;
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      for (const width of [360, 600]) {
        for (const scheme of ['light', 'dark'] as const) {
          // Dark ones only for looking at: the README shows the light ones.
          if (scheme === 'dark' && (!emulate || process.env.UPDATE_SCREENSHOTS === '1')) continue;
          if (emulate) await emulate(popup, scheme);
          // A short viewport first: scrollHeight is then the content's height, not the window's.
          await resize(popup, width, 100);
          const height = await popup.evaluate(() => Math.ceil(document.documentElement.scrollHeight), null);
          await resize(popup, width, height);
          await sleep(150);
          const dir = scheme === 'dark' ? join(RESULTS_DIR, 'screenshots') : SCREENSHOT_DIR;
          await mkdir(dir, { recursive: true });
          await popup.screenshot(join(dir, `popup-${width}${scheme === 'dark' ? '-dark' : ''}.png`));
        }
      }
      if (emulate) await emulate(popup, 'light');
    });
  },
  { file: import.meta.filename },
);

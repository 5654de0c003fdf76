/**
 * A table longer than the popup: forty cookies on one site, shown with
 * "Show all cookies". Rows scrolled into view count down from the right
 * value at once, and the sticky column headers stay above the rows that
 * scroll under them, countdowns included (each ticking countdown is a
 * stacking context of its own).
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { readPopup, remainingOf, setShowAll, waitForRow } from './harness/popup-view';
import { itLeavesNoTrace } from './harness/privacy';
import { READ_SLACK_S, serverRemaining, visitSetting } from './harness/site';
import { sleep, waitFor } from './harness/wait';

const COOKIES = 40;
const LAST = `pref${COOKIES - 1}`;

browserSuite(
  'long table',
  (ctx) => {
    let popup: TabHandle;
    beforeAll(async () => {
      await (await watchDomains(ctx.driver, [HOSTS.many])).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
      await popup.setViewport(600, 400);
    }, 60_000);

    it("lists every cookie, and the last row counts down from the server's value once scrolled into view", async () => {
      const set = await visitSetting(ctx, HOSTS.many, `/prefs?n=${COOKIES}&max_age=900`, LAST);
      await setShowAll(popup, true);
      await waitFor(
        async () => ((await readPopup(popup)).rows.filter((r) => r.domain === HOSTS.many).length === COOKIES ? true : undefined),
        {
          timeout: 5000,
          message: `${COOKIES} rows of ${HOSTS.many}`,
        },
      );
      // The last row starts below the view: it has not been ticking.
      const below = await popup.evaluate((name) => {
        const row = [...document.querySelectorAll('tr[data-id]')].find((r) => r.getAttribute('data-id')?.endsWith(`|${name}`));
        return row ? row.getBoundingClientRect().top > window.innerHeight : null;
      }, LAST);
      expect(below, `the ${LAST} row, below the view`).toBe(true);

      await popup.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight), null);
      const first = await waitForRow(popup, HOSTS.many, LAST);
      const r1 = remainingOf(first.row);
      const expected = serverRemaining(set, first.at);
      expect(Math.abs(r1 - expected), `Remaining ${r1} s vs server ${expected.toFixed(2)} s`).toBeLessThanOrEqual(1 + READ_SLACK_S);
      await sleep(first.at + 2000 - Date.now());
      const r2 = remainingOf((await waitForRow(popup, HOSTS.many, LAST)).row);
      expect(r1 - r2, `Remaining went from ${r1} to ${r2} in 2 s`).toBeGreaterThanOrEqual(1);
      expect(r1 - r2).toBeLessThanOrEqual(3);
    });

    it('the column headers stay on top of a ticking countdown scrolled under them', async () => {
      const seen = await popup.evaluate(async () => {
        const header = document.querySelector('th.col-remaining');
        const row = document.querySelectorAll('tbody tr[data-id]')[12];
        if (!header || !row) return null;
        // The row's top at the top of the view: its countdown sits where the sticky header is.
        row.scrollIntoView({ block: 'start' });
        const time = row.querySelector('td.remaining time');
        // The countdown starts ticking when the browser reports it in view (IntersectionObserver).
        for (let frame = 0; frame < 120 && !time?.classList.contains('ticking'); frame += 1) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        const box = header.getBoundingClientRect();
        const timeBox = time?.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return {
          ticking: time?.classList.contains('ticking') ?? false,
          underHeader: timeBox !== undefined && timeBox.top < box.bottom && timeBox.bottom > box.top,
          hitIsHeader: hit !== null && header.contains(hit),
          hit: hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : null,
        };
      }, null);
      expect(seen, 'the popup table').not.toBeNull();
      expect(seen?.underHeader, 'the countdown scrolled under the header').toBe(true);
      expect(seen?.ticking, 'that countdown is ticking').toBe(true);
      expect(seen?.hitIsHeader, `what is on top at the header's centre: ${seen?.hit}`).toBe(true);
    });

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);

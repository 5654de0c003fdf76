/** What was learned of a site's idle timeout, shown in the options under the declared one, and forgotten on request. */
import { expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import { mark } from './harness/dom-marker';
import type { TabHandle } from './harness/driver';
import { itemFor, openDomainDetails, readDomains, watchDomains } from './harness/options-view';
import { readStorageArea } from './harness/storage-read';
import { waitFor } from './harness/wait';

/** Watched only: nothing visits them, so they need no name in the fixture server's hosts. */
const LEARNED = 'learned.example.test';
const KEPT = 'kept.example.test';

const bounds = (survivedMs: number, endedMs: number | null, sessions: number) => ({
  survivedMs,
  endedMs,
  sessions,
  lastSession: Date.UTC(2026, 11, 1),
});

const IDLE_BOUNDS = {
  [`${LEARNED}|PHPSESSID`]: bounds(19_000, 22_000, 2),
  [`${LEARNED}|JSESSIONID`]: bounds(0, 27_000, 1),
  [`${KEPT}|SID`]: bounds(40_000, null, 3),
};

/** Writes the item as the worker would, from an extension page (the same API in both browsers). */
function writeIdleBounds(tab: TabHandle, value: Record<string, unknown>): Promise<void> {
  return tab.evaluate(async (v) => {
    type Local = { set(items: Record<string, unknown>): Promise<void> };
    const g = globalThis as unknown as { browser?: { storage: { local: Local } }; chrome?: { storage: { local: Local } } };
    await (g.browser ?? g.chrome)?.storage.local.set({ idleBounds: v });
  }, value);
}

/** The text of a domain's list item once it includes (or no longer includes) `text`. */
function itemText(page: TabHandle, domain: string, text: string, shown: boolean): Promise<string> {
  return waitFor(
    async () => {
      const item = itemFor(await readDomains(page), domain);
      return item && item.text.includes(text) === shown ? item.text : undefined;
    },
    { timeout: 5000, message: `"${text}" ${shown ? 'under' : 'to leave'} ${domain}` },
  );
}

browserSuite(
  'learned idle timeouts in the options page',
  (ctx) => {
    it('shows what was learned under each domain, and forgets it for one domain only', async () => {
      const options = await watchDomains(ctx.driver, [LEARNED, KEPT]);
      await writeIdleBounds(options, IDLE_BOUNDS);

      // The page follows the stored item as it changes.
      const learnedLine = 'Learned: JSESSIONID ≤ 27 s (1 session), PHPSESSID 19 s–22 s (2 sessions)';
      expect(await itemText(options, LEARNED, learnedLine, true)).not.toContain('Learned: SID');
      expect(await itemText(options, KEPT, 'Learned: SID over 40 s (3 sessions)', true)).not.toContain('PHPSESSID');

      // And shows it on a fresh load too.
      await options.close();
      const page = await ctx.driver.openExtensionPage('options.html');
      await itemText(page, LEARNED, learnedLine, true);

      await openDomainDetails(page, LEARNED);
      await page.click(await mark(page, { button: `Forget what was learned about ${LEARNED}` }));
      const after = await itemText(page, LEARNED, 'Learned:', false);
      expect(after).not.toContain('Forget what was learned');
      await itemText(page, KEPT, 'Learned: SID over 40 s (3 sessions)', true);
      const status = await page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? '', null);
      expect(status).toBe(`Forgot what was learned about ${LEARNED}.`);

      const stored = await readStorageArea(page, 'local');
      expect(stored.idleBounds).toEqual({ [`${KEPT}|SID`]: IDLE_BOUNDS[`${KEPT}|SID`] });
      await page.close();
    });
  },
  { file: import.meta.filename },
);

import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_KEY, firstScreenAt, firstScreenRecords } from '../../src/core/first-screen';
import { RECORDS_STAMP_KEY, recordAt, recordKey, stampAt } from '../../src/core/stored-records';
import { send } from '../../src/platform/messaging';
import browser, { type BrowserMode, fakeClock, fakeCookies } from '../fakes/browser';
import { installedWorker, restartTestWorker, stopTestWorkers } from '../fakes/worker';

afterEach(() => stopTestWorkers());

function storedScreen() {
  return firstScreenAt(browser.storage.local.snapshot()[FIRST_SCREEN_KEY]);
}

/** Whether the stored first screen is stamped as the records are, carrying its rows' records as stored. */
function screenIsCurrent(): boolean {
  const stored = browser.storage.local.snapshot();
  const screen = storedScreen();
  const rows = screen && firstScreenRecords(screen, stampAt(stored[RECORDS_STAMP_KEY]));
  return (
    !!rows && rows.length > 0 && rows.every((r) => JSON.stringify(r) === JSON.stringify(recordAt(recordKey(r.id), stored[recordKey(r.id)])))
  );
}

describe('the popup’s first screen', () => {
  it.each<BrowserMode>(['chromium', 'firefox'])(
    'follows every batch of record writes: new sessions, a later end, a removal (%s)',
    async (mode) => {
      const worker = await installedWorker(mode, 'shop.test', 'bank.test');
      const id = (domain: string) => `${fakeCookies.defaultStoreId()}|${domain}|/|sessionid`;
      fakeCookies.receive({ url: 'https://shop.test/', name: 'sessionid', value: 'a', maxAge: 600 });
      fakeCookies.receive({ url: 'https://bank.test/', name: 'sessionid', value: 'b', maxAge: 300 });
      fakeCookies.receive({ url: 'https://bank.test/', name: 'theme', value: 'dark', maxAge: 60 });
      await worker.idle();
      expect(storedScreen()).toMatchObject({
        ids: [id('bank.test'), id('shop.test')],
        listed: 2,
        hidden: 1,
        showAll: false,
      });
      expect(storedScreen()?.domains.map((w) => w.domain)).toEqual(['bank.test', 'shop.test']);
      expect(screenIsCurrent()).toBe(true);

      // The bank refreshes its session past the shop's: the order follows.
      fakeCookies.receive({ url: 'https://bank.test/', name: 'sessionid', value: 'b', maxAge: 3600 });
      await worker.idle();
      expect(storedScreen()?.ids).toEqual([id('shop.test'), id('bank.test')]);
      expect(screenIsCurrent()).toBe(true);

      // Logged out of the shop, and the ended row cleared from the popup.
      fakeCookies.receive({ url: 'https://shop.test/', name: 'sessionid', value: '', maxAge: 0 });
      await worker.idle();
      await send('clearEnded', { ids: [id('shop.test')] });
      await worker.idle();
      expect(storedScreen()).toMatchObject({ ids: [id('bank.test')], listed: 1 });
      expect(screenIsCurrent()).toBe(true);
    },
  );

  it('is rewritten by a worker that was stopped when it finds it corrupt', async () => {
    const worker = await installedWorker('chromium', 'shop.test');
    fakeCookies.receive({ url: 'https://shop.test/', name: 'sessionid', value: 'a', maxAge: 600 });
    await worker.idle();
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: { ids: 'broken' } });

    const next = restartTestWorker(worker);
    fakeClock.advance(1000);
    fakeCookies.receive({ url: 'https://shop.test/', name: 'sessionid', value: 'a', maxAge: 900 });
    await next.idle();
    expect(storedScreen()?.ids).toEqual(['0|shop.test|/|sessionid']);
  });

  it('follows "Show all cookies"', async () => {
    const worker = await installedWorker('chromium', 'shop.test');
    fakeCookies.receive({ url: 'https://shop.test/', name: 'sessionid', value: 'a', maxAge: 600 });
    fakeCookies.receive({ url: 'https://shop.test/', name: 'theme', value: 'dark', maxAge: 60 });
    await worker.idle();
    const stored = await browser.storage.sync.get('settings');
    await browser.storage.sync.set({ settings: { ...(stored.settings as object), showAllCookies: true } });
    await worker.idle();
    expect(storedScreen()).toMatchObject({ showAll: true, ids: ['0|shop.test|/|theme', '0|shop.test|/|sessionid'], hidden: 0 });
  });
});

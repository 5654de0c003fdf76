import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_KEY } from '../../src/core/first-screen';
import { RECORDS_STAMP_KEY } from '../../src/core/stored-records';
import { originsFor } from '../../src/core/origins';
import { DEFAULTS } from '../../src/core/settings-defaults';
import { writeRecords } from '../../src/platform/records-store';
import { updateSettings } from '../../src/platform/settings-store';
import { connectPopup } from '../../src/popup/connector';
import type { PopupModel } from '../../src/popup/popup-model';
import browser, { fakePermissions, fakeTabs, resetBrowser } from '../fakes/browser';
import { record } from './fixtures';

beforeEach(() => resetBrowser());
afterEach(() => vi.restoreAllMocks());

const shop = { domain: 'shop.test', site: 'shop.test', leadMinutes: null, warnings: true };
const bank = { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true };

/** Resolves with every model the popup was shown, once `done` says so. */
function models(done: (all: PopupModel[]) => boolean): { all: PopupModel[]; settled: Promise<PopupModel[]> } {
  const all: PopupModel[] = [];
  let resolve: (v: PopupModel[]) => void = () => {};
  const settled = new Promise<PopupModel[]>((r) => (resolve = r));
  connectPopup((m) => {
    all.push(m);
    if (done(all)) resolve(all);
  });
  return { all, settled };
}

describe('connectPopup', () => {
  it('asks for the first screen before it adds a listener or reads anything else', () => {
    const calls: string[] = [];
    const log =
      (name: string) =>
      (...args: unknown[]) => {
        calls.push(`${name} ${JSON.stringify(args[0] ?? null)}`);
      };
    vi.spyOn(browser.storage.local, 'get').mockImplementation(async (keys) => (log('local.get')(keys), {}));
    vi.spyOn(browser.storage.session, 'get').mockImplementation(async (keys) => (log('session.get')(keys), {}));
    vi.spyOn(browser.storage.sync, 'get').mockImplementation(async (keys) => (log('sync.get')(keys), {}));
    vi.spyOn(browser.storage.onChanged, 'addListener').mockImplementation(() => log('storage.onChanged.addListener')());
    vi.spyOn(browser.tabs, 'query').mockImplementation(async (query) => (log('tabs.query')(query), []));
    connectPopup(() => {});
    expect(calls[0]).toBe(`local.get ${JSON.stringify([FIRST_SCREEN_KEY, RECORDS_STAMP_KEY])}`);
    expect(calls.slice(1)).toContain('storage.onChanged.addListener null');
  });

  it('shows the stored table before it asks about access, container names or the tab’s site', async () => {
    await updateSettings((s) => ({ ...s, ...DEFAULTS, domains: [shop, bank] }));
    await writeRecords([record('sessionid', 'shop.test'), record('sessionid', 'bank.test')]);
    fakePermissions.grant(originsFor(shop));
    fakeTabs.setActive('https://shop.test/cart');
    const getAll = vi.spyOn(browser.permissions, 'getAll');
    const sendMessage = vi.spyOn(browser.runtime, 'sendMessage');
    const callsAtFirstShow: number[] = [];
    const { settled } = models((all) => {
      if (all.length === 1) callsAtFirstShow.push(getAll.mock.calls.length, sendMessage.mock.calls.length);
      return all.at(-1)?.accessMissing.length === 1;
    });
    const all = await settled;
    expect(all[0]?.records).toHaveLength(2);
    expect(callsAtFirstShow).toEqual([0, 0]);
    expect(all.at(-1)?.accessMissing).toEqual(['bank.test']);
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledWith({ type: 'siteInfo', payload: { url: 'https://shop.test/cart' } }));
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_KEY, firstScreenOf } from '../../src/core/first-screen';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { DEFAULTS, type WatchedDomain } from '../../src/core/settings-defaults';
import { readFirstScreen } from '../../src/platform/first-screen-store';
import { recordKey } from '../../src/core/stored-records';
import { writeRecords } from '../../src/platform/records-store';
import browser from '../fakes/browser';
import { cookieRecordOf } from '../fakes/records';

afterEach(() => vi.restoreAllMocks());

const NOW = 1_800_000_000_000;
const shop: WatchedDomain = { domain: 'shop.test', site: 'shop.test', leadMinutes: null, warnings: true };
const bank: WatchedDomain = { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true };
const settings = { ...DEFAULTS, domains: [shop, bank] };
const session = (domain: string, inMin: number, name = 'sessionid') =>
  cookieRecordOf(name, domain, { expiresAt: NOW + inMin * 60_000, firstSeen: NOW, lastRefreshed: NOW });

const soon = session('bank.test', 5);
const later = session('shop.test', 30);
const other = session('shop.test', 60, 'PHPSESSID');

/** Stores the records and a first screen of `onScreen`; returns what every storage.local.get from then on asked for. */
async function stored(onScreen: (typeof soon)[], records = [soon, later, other]): Promise<() => unknown[]> {
  await writeRecords(records);
  await browser.storage.local.set({ [FIRST_SCREEN_KEY]: firstScreenOf(onScreen, settings, NO_KNOWLEDGE, NOW) });
  const get = vi.spyOn(browser.storage.local, 'get');
  return () => get.mock.calls.map(([keys]) => keys);
}

describe('readFirstScreen', () => {
  it('without a hint, reads the first screen, then the records of its rows', async () => {
    const gets = await stored([soon, later]);
    const first = await readFirstScreen();
    expect(first?.records.map((r) => r.id)).toEqual([soon.id, later.id]);
    expect(gets()).toEqual([FIRST_SCREEN_KEY, [recordKey(soon.id), recordKey(later.id)]]);
  });

  it('with the right hint, asks for the records together with the first screen and reads nothing after', async () => {
    const gets = await stored([soon, later]);
    const first = await readFirstScreen(() => {
      // Read once the first screen is asked for, not before.
      expect(gets()).toEqual([FIRST_SCREEN_KEY]);
      return [later.id, soon.id];
    });
    expect(first?.records.map((r) => r.id)).toEqual([soon.id, later.id]);
    expect(gets()).toEqual([FIRST_SCREEN_KEY, [recordKey(later.id), recordKey(soon.id)]]);
  });

  it('reads after the first screen only the rows the hint missed, and lists no row the first screen does not name', async () => {
    const gets = await stored([soon, later]);
    // `other` has a record but is not on the first screen; `gone` has neither.
    const gone = session('gone.test', 1);
    const first = await readFirstScreen(() => [other.id, gone.id, later.id]);
    expect(first?.records.map((r) => r.id)).toEqual([soon.id, later.id]);
    expect(gets()).toEqual([FIRST_SCREEN_KEY, [recordKey(other.id), recordKey(gone.id), recordKey(later.id)], [recordKey(soon.id)]]);
  });

  it('leaves out a row of the first screen whose record is gone, hinted or not', async () => {
    await stored([soon, later], [later]);
    expect((await readFirstScreen(() => [soon.id]))?.records.map((r) => r.id)).toEqual([later.id]);
    expect((await readFirstScreen(() => []))?.records.map((r) => r.id)).toEqual([later.id]);
  });

  it('is null for a missing or malformed first screen, whatever the hint', async () => {
    await writeRecords([soon]);
    expect(await readFirstScreen(() => [soon.id])).toBeNull();
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: { ids: 'not a list' } });
    expect(await readFirstScreen(() => [soon.id])).toBeNull();
  });
});

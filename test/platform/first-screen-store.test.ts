import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_KEY, firstScreenOf } from '../../src/core/first-screen';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { DEFAULTS, type WatchedDomain } from '../../src/core/settings-defaults';
import { readFirstScreen } from '../../src/platform/first-screen-store';
import { encodeRecord, RECORDS_STAMP_KEY, recordAt, recordKey } from '../../src/core/stored-records';
import { readStampedRecords, removeRecords, writeRecords } from '../../src/platform/records-store';
import browser from '../fakes/browser';
import { cookieRecordOf } from '../fakes/records';

afterEach(() => vi.restoreAllMocks());

const NOW = 1_800_000_000_000;
const shop: WatchedDomain = { domain: 'shop.test', site: 'shop.test', leadMinutes: null, warnings: true };
const bank: WatchedDomain = { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true };
const settings = { ...DEFAULTS, domains: [shop, bank] };
const session = (domain: string, inMin: number, name = 'sessionid') =>
  cookieRecordOf(name, domain, { expiresAt: NOW + inMin * 60_000, firstSeen: NOW, lastRefreshed: NOW });

/** A record as a read of the store gives it back. */
const asStored = (r: ReturnType<typeof session>) => recordAt(recordKey(r.id), encodeRecord(r));

const soon = session('bank.test', 5);
const later = session('shop.test', 30);
const other = session('shop.test', 60, 'PHPSESSID');

/** Stores the records and, as the worker does, the first screen of `onScreen` with the records' stamp. */
async function stored(onScreen: (typeof soon)[], records = [soon, later, other]): Promise<void> {
  await writeRecords(records);
  const { stamp } = await readStampedRecords();
  await browser.storage.local.set({ [FIRST_SCREEN_KEY]: firstScreenOf(onScreen, settings, NO_KNOWLEDGE, NOW, stamp) });
}

/** What every storage.local.get from now on asks for. */
function gets(): () => unknown[] {
  const get = vi.spyOn(browser.storage.local, 'get');
  return () => get.mock.calls.map(([keys]) => keys);
}

describe('readFirstScreen', () => {
  it('reads a current first screen and its rows in one call: the first screen and the records’ stamp', async () => {
    await stored([soon, later]);
    const read = gets();
    const first = await readFirstScreen();
    expect(first?.records).toEqual([soon, later].map(asStored));
    expect(read()).toEqual([[FIRST_SCREEN_KEY, RECORDS_STAMP_KEY]]);
  });

  it('reads the records of its rows when a record was written since, and shows the record as it is now', async () => {
    await stored([soon, later]);
    const moved = { ...later, expiresAt: NOW + 90 * 60_000 };
    await writeRecords([moved]);
    const read = gets();
    const first = await readFirstScreen();
    expect(first?.records).toEqual([soon, moved].map(asStored));
    expect(read()).toEqual([
      [FIRST_SCREEN_KEY, RECORDS_STAMP_KEY],
      [recordKey(soon.id), recordKey(later.id)],
    ]);
  });

  it('leaves out a row whose record was removed since, though it carries the row', async () => {
    await stored([soon, later]);
    await removeRecords([soon.id]);
    expect((await readFirstScreen())?.records).toEqual([later].map(asStored));
  });

  it.each([
    ['no stamp', (s: Record<string, unknown>) => ({ ...s, stamp: null })],
    [
      'rows that are not its ids’ records',
      (s: Record<string, unknown>) => ({ ...s, rows: [JSON.stringify(other), JSON.stringify(later)] }),
    ],
    ['a row that is not a record', (s: Record<string, unknown>) => ({ ...s, rows: ['{', JSON.stringify(later)] })],
    ['fewer rows than ids', (s: Record<string, unknown>) => ({ ...s, rows: [JSON.stringify(soon)] })],
  ])('reads the records of its ids for a first screen with %s, even with the current stamp', async (_, edit) => {
    await stored([soon, later]);
    const screen = (await browser.storage.local.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY] as Record<string, unknown>;
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: edit(screen) });
    const read = gets();
    expect((await readFirstScreen())?.records).toEqual([soon, later].map(asStored));
    expect(read()).toHaveLength(2);
  });

  it('is null for a missing or malformed first screen', async () => {
    await writeRecords([soon]);
    expect(await readFirstScreen()).toBeNull();
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: { ids: 'not a list' } });
    expect(await readFirstScreen()).toBeNull();
  });
});

// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { FIRST_SCREEN_KEY, firstScreenOf } from '../../src/core/first-screen';
import { RECORDS_STAMP_KEY, stampAt } from '../../src/core/stored-records';
import { NO_KNOWLEDGE, type ServerKnowledge } from '../../src/core/lifetime';
import { COOKIE_KEY_PREFIX, DEFAULTS } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { OLD_FIRST_SCREEN_IDS_KEY } from '../../src/platform/first-screen-store';
import { removeRecords, writeRecords } from '../../src/platform/records-store';
import { updateSettings } from '../../src/platform/settings-store';
import { App } from '../../src/popup/app';
import { connectPopup } from '../../src/popup/connector';
import { mountPage } from '../../src/ui/mount-page';
import browser, { resetBrowser } from '../fakes/browser';
import { watched } from './fixtures';
import { cookieRecordOf } from '../fakes/records';

const shop = watched('shop.test');
const bank = watched('bank.test');

/** A session of `domain` ending `inMin` minutes from the real clock (the popup counts with it). */
const session = (domain: string, inMin: number, name = 'sessionid'): CookieRecord =>
  cookieRecordOf(name, domain, { expiresAt: Date.now() + inMin * 60_000, firstSeen: Date.now(), lastRefreshed: Date.now() });

/** Every row id the popup lists at each change of its table, from the first. */
function rowsOverTime(): string[][] {
  const seen: string[][] = [];
  const note = () => {
    const ids = [...document.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')].map((tr) => tr.dataset.id ?? '');
    if (ids.length > 0) seen.push(ids);
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true });
  return seen;
}

/** The first screen of `records` as the worker writes it: with the records' stamp as stored now. */
async function screenOf(
  records: CookieRecord[],
  server: ServerKnowledge = NO_KNOWLEDGE,
  settings = { ...DEFAULTS, domains: [shop, bank] },
) {
  const stamp = stampAt((await browser.storage.local.get(RECORDS_STAMP_KEY))[RECORDS_STAMP_KEY]);
  return firstScreenOf(records, settings, server, Date.now(), stamp);
}

function openPopup() {
  mountPage('popupTitle', App, connectPopup);
}

async function until(check: () => boolean, ms = 1000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const listed = () => [...document.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')].map((tr) => tr.dataset.id);

beforeEach(async () => {
  resetBrowser();
  delete document.documentElement.dataset.ready;
  document.body.replaceChildren(Object.assign(document.createElement('div'), { id: 'app' }));
  await updateSettings((s) => ({ ...s, ...DEFAULTS, domains: [shop, bank] }));
});

afterEach(() => {
  vi.restoreAllMocks();
  const root = document.getElementById('app');
  if (root) render(null, root);
  document.body.replaceChildren();
});

describe('the popup’s first screen', () => {
  it('paints the first screen’s rows before reading the whole store, with the whole list’s counts', async () => {
    const records = [session('shop.test', 10), session('bank.test', 5), session('bank.test', 20, 'theme')];
    await writeRecords(records);
    // The first screen of a larger store: the worker counted a cookie this test never wrote.
    const screen = { ...(await screenOf(records)), hidden: 2 };
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: screen });
    const seen = rowsOverTime();
    openPopup();
    await until(() => document.documentElement.dataset.ready === 'true');
    expect(listed()).toEqual(['0|bank.test|/|sessionid', '0|shop.test|/|sessionid']);
    expect(document.getElementById('show-all-hidden')?.textContent).toMatch(/2/);
    // Then the truth, read from the store: one cookie left out.
    await until(() => /1/.test(document.getElementById('show-all-hidden')?.textContent ?? ''));
    expect(seen[0]).toEqual(['0|bank.test|/|sessionid', '0|shop.test|/|sessionid']);
  });

  it('never lists a row the records no longer hold, and shows the truth within a second', async () => {
    const gone = session('shop.test', 1);
    const kept = session('bank.test', 5);
    const added = session('shop.test', 3, 'laravel_session');
    await writeRecords([gone, kept]);
    // Written before the logout removed `gone` and before `added` was set: the worker had not caught up.
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: await screenOf([gone, kept]) });
    await removeRecords([gone.id]);
    await writeRecords([added]);
    const seen = rowsOverTime();
    const opened = Date.now();
    openPopup();
    await until(() => listed().length === 2);
    expect(Date.now() - opened).toBeLessThan(1000);
    expect(listed()).toEqual([added.id, kept.id]);
    expect(seen.flat()).not.toContain(gone.id);
    expect(seen[0]).toEqual([kept.id]);
  });

  it('paints a current first screen from its one read: no record is read before the first paint', async () => {
    const records = [session('shop.test', 10), session('bank.test', 5)];
    await writeRecords(records);
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: await screenOf(records) });
    const get = vi.spyOn(browser.storage.local, 'get');
    let before: unknown[] = [];
    new MutationObserver(() => {
      if (document.documentElement.dataset.ready === 'true' && before.length === 0) before = get.mock.calls.map(([keys]) => keys);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-ready'] });
    openPopup();
    await until(() => document.documentElement.dataset.ready === 'true');
    await new Promise((done) => setTimeout(done, 0));
    expect(listed()).toEqual(['0|bank.test|/|sessionid', '0|shop.test|/|sessionid']);
    expect(before[0]).toEqual([FIRST_SCREEN_KEY, RECORDS_STAMP_KEY]);
    const keysRead = before.flatMap((keys): unknown[] =>
      keys === null ? ['(all)'] : typeof keys === 'string' ? [keys] : Array.isArray(keys) ? (keys as unknown[]) : [],
    );
    expect(keysRead.filter((k) => k === '(all)' || String(k).startsWith(COOKIE_KEY_PREFIX))).toEqual([]);
  });

  it('shows a changed record’s new data, not the copy a first screen written before the change carries', async () => {
    const before = session('bank.test', 5);
    await writeRecords([before]);
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: await screenOf([before]) });
    // Logged out since: the record is ended, the first screen not yet rewritten.
    await writeRecords([{ ...before, ended: { cause: 'expired', at: Date.now() - 1000 } }]);
    const classes: string[] = [];
    new MutationObserver(() => {
      const row = document.querySelector('tbody tr[data-id]');
      if (row && classes.at(-1) !== row.className) classes.push(row.className);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
    openPopup();
    await until(() => document.documentElement.dataset.ready === 'true');
    expect(classes[0]).toBe('row-expired');
  });

  it('removes the ids an earlier version kept in its localStorage, once its table is up', async () => {
    const records = [session('bank.test', 5)];
    await writeRecords(records);
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: await screenOf(records) });
    localStorage.setItem(OLD_FIRST_SCREEN_IDS_KEY, JSON.stringify([records[0]!.id]));
    localStorage.setItem('other', 'kept');
    openPopup();
    await until(() => document.documentElement.dataset.ready === 'true');
    await until(() => localStorage.getItem(OLD_FIRST_SCREEN_IDS_KEY) === null);
    expect(localStorage.getItem('other')).toBe('kept');
    localStorage.clear();
  });

  it('counts its rows to the server idle end from its first paint, not to the cookie', async () => {
    const php = watched('php.test');
    await updateSettings((s) => ({ ...s, domains: [php] }));
    // A PHP session set two hours ago on a site the user used a minute ago: alive for 23 more minutes.
    const hoursAgo = Date.now() - 2 * 60 * 60_000;
    const r = cookieRecordOf('PHPSESSID', 'php.test', { expiresAt: null, firstSeen: hoursAgo, lastRefreshed: hoursAgo });
    await writeRecords([r]);
    const at = Date.now() - 60_000;
    const activity = {
      'php.test': { lastRequestAt: at, burstAt: at, gapMs: null, burstKind: 'return' as const, ended: false, userAt: at },
    };
    await browser.storage.session.set({ activity });
    const settings = { ...DEFAULTS, domains: [php] };
    await browser.storage.local.set({ [FIRST_SCREEN_KEY]: await screenOf([r], { activity, bounds: {} }, settings) });
    const classes: string[] = [];
    new MutationObserver(() => {
      const row = document.querySelector('tbody tr[data-id]');
      if (row && classes.at(-1) !== row.className) classes.push(row.className);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
    openPopup();
    await until(() => document.documentElement.dataset.ready === 'true');
    await new Promise((done) => setTimeout(done, 300));
    expect(classes).toEqual(['row-active']);
  });

  it.each([
    ['corrupt', { ids: 'not a list' }],
    ['missing', undefined],
    [
      'naming no row that exists',
      { showAll: false, leadMinutes: 2, domains: [], ids: ['0|x.test|/|sid'], rows: [], stamp: null, listed: 1, hidden: 0 },
    ],
  ])('reads the whole store when the first screen is %s', async (_, stored) => {
    const records = [session('shop.test', 10), session('bank.test', 5)];
    await writeRecords(records);
    if (stored !== undefined) await browser.storage.local.set({ [FIRST_SCREEN_KEY]: stored });
    const seen = rowsOverTime();
    openPopup();
    await until(() => listed().length === 2);
    expect(seen[0]).toEqual(['0|bank.test|/|sessionid', '0|shop.test|/|sessionid']);
  });
});

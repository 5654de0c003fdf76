// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatTime } from '../../src/core/format';
import type { KeepAliveState } from '../../src/core/keep-alive';
import type { SiteCheck } from '../../src/core/server-check';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { updateSettings } from '../../src/platform/settings-store';
import { writeRecords } from '../../src/platform/records-store';
import { App } from '../../src/popup/app';
import { connectPopup } from '../../src/popup/connector';
import type { PopupModel } from '../../src/popup/popup-model';
import { createClock } from '../../src/ui/clock';
import { pageLocale } from '../../src/ui/locale';
import browser, { resetBrowser } from '../fakes/browser';
import { cellsOf } from './cells';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

afterEach(() => cleanup());

const stopped = createClock(() => NOW);
const time = (ms: number) => formatTime(ms, pageLocale());
const bank: WatchedDomain = { ...watched('bank.test'), checkUrl: 'https://bank.test/api/me' };
const check = (fields: Partial<SiteCheck> = {}): SiteCheck => ({
  at: NOW - 60_000,
  result: 'signed-in',
  status: 200,
  redirected: false,
  by: 'user',
  ...fields,
});
const kept = (fields: Partial<KeepAliveState> = {}): KeepAliveState => ({
  lastAt: NOW - 30_000,
  firstAt: NOW - 90_000,
  stopped: null,
  ...fields,
});

/** A sliding session: re-sent with a new expiry on activity. */
const sliding = (name: string, domain: string) =>
  record(name, domain, {
    expiresAt: NOW + 20 * 60_000,
    firstSeen: NOW - 60 * 60_000,
    lastRefreshed: NOW - 10 * 60_000,
    refreshes: 3,
    grantMs: 30 * 60_000,
  });

function show(records: CookieRecord[], domains: WatchedDomain[], fields: Partial<PopupModel> = {}) {
  const actions = fakeActions();
  const view = render(<App model={model({ records, settings: settingsWith(domains), ...fields })} actions={actions} clock={stopped} />);
  return { actions, view };
}

const line = (r: CookieRecord) => cellsOf(r).site.querySelector('.check-now [role="status"]')?.textContent;
const keptTag = (r: CookieRecord) => cellsOf(r).site.querySelector('.tag-kept')?.textContent ?? null;

describe("a checked site's row", () => {
  it("says what the server said last, with one Check now per site on the site's first row", () => {
    const a = sliding('sessionid', 'bank.test');
    const b = sliding('csrftoken', 'bank.test');
    const other = sliding('sessionid', 'shop.test');
    show([a, b, other], [bank, watched('shop.test')], { checks: { 'bank.test': check() } });
    expect(screen.getAllByRole('button', { name: /^Check .* now$/ }).map((el) => el.getAttribute('aria-label'))).toEqual([
      'Check bank.test now',
    ]);
    const rows = [a, b].map((r) => line(r));
    expect(rows.filter((text) => text !== undefined)).toEqual([`Server: signed in, checked ${time(NOW - 60_000)}`]);
    expect(line(other)).toBeUndefined();
  });

  it.each([
    [check({ result: 'signed-out', status: 401 }), `Server: signed out (401), checked ${time(NOW - 60_000)}`],
    [check({ result: 'unknown', status: 0 }), `Server: no answer, checked ${time(NOW - 60_000)}`],
    [undefined, ''],
  ])('says signed out, no answer, or nothing before the first check: %#', (last, text) => {
    const r = sliding('sessionid', 'bank.test');
    show([r], [bank], { checks: last ? { 'bank.test': last } : {} });
    expect(line(r)).toBe(text);
  });

  it('checks the site on Check now, and says why when refused', async () => {
    const r = sliding('sessionid', 'bank.test');
    const { actions } = show([r], [bank]);
    actions.checkNow.mockResolvedValue({ ok: false, error: 'no-access' });
    await act(async () => {
      fireEvent.click(within(cellsOf(r).site).getByRole('button', { name: 'Check bank.test now' }));
    });
    expect(actions.checkNow).toHaveBeenCalledWith('bank.test');
    expect(line(r)).toBe('Grant access to the site first: without its cookies a check proves nothing.');
  });

  it.each<[string, Partial<WatchedDomain>, KeepAliveState | undefined, string | null]>([
    ['kept alive while on and not stopped', { keepAlive: true }, kept(), 'Kept alive'],
    ['kept alive before its first request', { keepAlive: true }, undefined, 'Kept alive'],
    [
      'stopped at the cap',
      { keepAlive: true },
      kept({ stopped: { at: NOW - 5000, reason: 'cap' } }),
      'Keep-alive stopped: no activity for 4 h',
    ],
    [
      'stopped when signed out',
      { keepAlive: true },
      kept({ stopped: { at: NOW - 5000, reason: 'signed-out' } }),
      'Keep-alive stopped: signed out',
    ],
    ['nothing while off', {}, undefined, null],
  ])('says its keep-alive: %s', (_, fields, state, text) => {
    const r = sliding('sessionid', 'bank.test');
    show([r], [{ ...bank, ...fields }], { keepAlive: state ? { 'bank.test': state } : {} });
    expect(keptTag(r)).toBe(text);
  });

  it.each<[string, Partial<CookieRecord>, Partial<WatchedDomain>, string | null]>([
    ['moved its expiry only once', { refreshes: 1, grantMs: 30 * 60_000 }, {}, 'Not kept alive: a fixed expiry cannot move'],
    ['lasts until the browser closes, no idle timeout known', { expiresAt: null }, {}, null],
    ['lasts until the browser closes, with a declared idle timeout', { expiresAt: null }, { idleMinutes: 20 }, 'Kept alive'],
  ])('follows the keep-alive planner for a session that %s', (_, fields, domain, text) => {
    const r = record('sessionid', 'bank.test', { firstSeen: NOW - 60 * 60_000, lastRefreshed: NOW - 5 * 60_000, ...fields });
    show([r], [{ ...bank, keepAlive: true, ...domain }]);
    expect(keptTag(r)).toBe(text);
  });

  /** A sliding session one minute from its end: inside the 2-minute lead. */
  const ending = (name: string, domain: string) => ({ ...sliding(name, domain), expiresAt: NOW + 60_000 });
  const banner = () => document.querySelector('.expiring');

  it.each<[string, Partial<WatchedDomain>, KeepAliveState | undefined, Partial<CookieRecord>, boolean]>([
    ['kept alive', { keepAlive: true }, kept(), {}, false],
    ['kept alive before its first request', { keepAlive: true }, undefined, {}, false],
    ['keep-alive off', {}, undefined, {}, true],
    ['keep-alive stopped at the cap', { keepAlive: true }, kept({ stopped: { at: NOW - 5000, reason: 'cap' } }), {}, true],
    ['keep-alive on, but the expiry is fixed', { keepAlive: true }, undefined, { refreshes: 0, grantMs: null }, true],
  ])(
    'says "ends soon" above the table and "Expiring soon" on the row only when no keep-alive renews the session: %s',
    (_, fields, state, change, warns) => {
      const r = { ...ending('sessionid', 'bank.test'), ...change };
      show([r], [{ ...bank, ...fields }], { keepAlive: state ? { 'bank.test': state } : {} });
      expect(banner()?.classList.contains('expiring-on')).toBe(warns);
      expect(document.querySelector('.expiring-message')?.textContent).toBe(warns ? 'sessionid on bank.test ends soon.' : '');
      const row = cellsOf(r).status.closest('tr')!;
      expect(cellsOf(r).status.querySelector('.status')?.textContent).toBe(warns ? 'Expiring soon' : 'Active');
      expect(row.className).toBe(warns ? 'row-expiring' : 'row-active');
      // Either way the row counts down to the idle end the next request will move.
      expect(cellsOf(r).remaining.textContent).toBe('1:00');
    },
  );

  it('still says Expired on a kept-alive row once its end has passed: the renewal did not come', () => {
    const r = { ...sliding('sessionid', 'bank.test'), expiresAt: NOW - 1000 };
    show([r], [{ ...bank, keepAlive: true }], { keepAlive: { 'bank.test': kept() } });
    expect(cellsOf(r).status.querySelector('.status')?.textContent).toBe('Expired');
  });

  it("still warns of another site's session while one site is kept alive", () => {
    const a = ending('sessionid', 'bank.test');
    const b = { ...ending('sessionid', 'shop.test'), expiresAt: NOW + 90_000 };
    show([a, b], [{ ...bank, keepAlive: true }, watched('shop.test')], { keepAlive: { 'bank.test': kept() } });
    expect(document.querySelector('.expiring-message')?.textContent).toBe('sessionid on shop.test ends soon.');
  });

  it('says keep-alive cannot move a fixed expiry', () => {
    const r = record('sessionid', 'bank.test', {
      expiresAt: NOW + 60 * 60_000,
      firstSeen: NOW - 60 * 60_000,
      lastRefreshed: NOW - 60 * 60_000,
    });
    show([r], [{ ...bank, keepAlive: true }]);
    expect(cellsOf(r).expires.textContent).toContain('fixed');
    expect(keptTag(r)).toBe('Not kept alive: a fixed expiry cannot move');
  });
});

describe('connectPopup and the checks', () => {
  beforeEach(() => resetBrowser());

  it('reads the checks and keep-alives only after the first paint, then follows them', async () => {
    await updateSettings((s) => ({ ...s, ...settingsWith([bank]) }));
    await writeRecords([sliding('sessionid', 'bank.test')]);
    await browser.storage.session.set({ checks: { 'bank.test': check() }, keepAlive: { 'bank.test': kept() } });
    const get = vi.spyOn(browser.storage.session, 'get');
    const all: PopupModel[] = [];
    let sessionReadsAtFirstShow = -1;
    connectPopup((m) => {
      if (all.length === 0) sessionReadsAtFirstShow = get.mock.calls.filter(([key]) => key === 'checks' || key === 'keepAlive').length;
      all.push(m);
    });
    await vi.waitFor(() => expect(all.at(-1)?.checks).toEqual({ 'bank.test': check() }));
    expect(sessionReadsAtFirstShow).toBe(0);
    expect(all[0]?.checks).toEqual({});
    expect(all.at(-1)?.keepAlive).toEqual({ 'bank.test': kept() });

    await browser.storage.session.set({ checks: { 'bank.test': check({ result: 'signed-out', status: 401 }) } });
    await vi.waitFor(() => expect(all.at(-1)?.checks?.['bank.test']?.result).toBe('signed-out'));
    await browser.storage.session.set({ keepAlive: { 'bank.test': kept({ stopped: { at: NOW, reason: 'signed-out' } }) } });
    await vi.waitFor(() => expect(all.at(-1)?.keepAlive?.['bank.test']?.stopped?.reason).toBe('signed-out'));
  });
});

// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoInstant } from '../../src/core/format';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { App } from '../../src/popup/app';
import { createClock } from '../../src/ui/clock';
import { cellsOf } from './cells';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const stopped = createClock(() => NOW);

function show(records: CookieRecord[], domains: WatchedDomain[] = [watched('example.test')], storeNames: Record<string, string> = {}) {
  return render(<App model={model({ records, settings: settingsWith(domains), storeNames })} actions={fakeActions()} clock={stopped} />);
}

describe('how the session slides', () => {
  it('says a sliding session resets on activity, with its idle timeout', () => {
    const r = record('sessionid', 'example.test', { refreshes: 3, grantMs: 299_600 });
    show([r]);
    expect(cellsOf(r).expires.querySelector('.lifetime')?.textContent).toBe('resets on activity · idle timeout 5 m');
  });

  it.each([
    [90_000, '1 m 30 s'],
    [5_400_000, '1 h 30 m'],
    [1_209_600_000, '14 d'],
  ])('writes an idle timeout of %i ms short: %s', (grantMs, shown) => {
    const r = record('sessionid', 'example.test', { refreshes: 2, grantMs });
    show([r]);
    expect(cellsOf(r).expires.querySelector('.lifetime')?.textContent).toBe(`resets on activity · idle timeout ${shown}`);
  });

  it('says fixed when the expiry never moved', () => {
    const r = record('sessionid', 'example.test', { refreshes: 0 });
    show([r]);
    expect(cellsOf(r).expires.querySelector('.lifetime')?.textContent).toBe('fixed');
  });

  it('says nothing more for a session refreshed once, or one that lasts until the browser closes', () => {
    const once = record('sessionid', 'example.test', { refreshes: 1, grantMs: 300_000 });
    const untilClose = record('connect.sid', 'example.test', { expiresAt: null, refreshes: 0 });
    show([once, untilClose]);
    expect(cellsOf(once).expires.querySelector('.lifetime')).toBeNull();
    expect(cellsOf(once).expires.querySelector('.tag')).toBeNull();
    expect(cellsOf(untilClose).expires.textContent).toBe('When the browser closes');
  });
});

describe('what ends it first', () => {
  it('counts to the token expiry when it comes before the cookie, and says "token exp"', () => {
    const r = record('access_token', 'example.test', { expiresAt: NOW + 600_000, tokenExpiresAt: NOW + 60_000 });
    show([r]);
    const { expires, remaining, status } = cellsOf(r);
    expect(expires.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW + 60_000));
    expect(expires.querySelector('.tag-end')?.textContent).toBe('token exp');
    expect(remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT60S');
    expect(remaining.textContent).toBe('1:00');
    // Inside the 2-minute lead at the token's end, not the cookie's.
    expect(status.textContent).toBe('Expiring soon');
    expect(screen.getByRole('status').textContent).toBe('access_token on example.test ends soon.');
  });

  it('counts to the site\'s declared idle timeout from the last refresh, and says "idle timeout"', () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 3_600_000, lastRefreshed: NOW - 600_000 });
    show([r], [{ ...watched('example.test'), idleMinutes: 15 }]);
    const { expires, remaining, status } = cellsOf(r);
    expect(expires.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW + 300_000));
    expect(expires.querySelector('.tag-end')?.textContent).toBe('idle timeout');
    expect(remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT300S');
    expect(status.textContent).toBe('Active');
  });

  it('says nothing more when the cookie itself ends first', () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 300_000, tokenExpiresAt: NOW + 900_000, lastRefreshed: NOW });
    show([r], [{ ...watched('example.test'), idleMinutes: 30 }]);
    const { expires, remaining } = cellsOf(r);
    expect(expires.querySelector('.tag-end')).toBeNull();
    expect(remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT300S');
  });

  it('shows a session past its idle timeout as expired, with a Clear button', () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 3_600_000, lastRefreshed: NOW - 20 * 60_000 });
    show([r], [{ ...watched('example.test'), idleMinutes: 15 }]);
    const { status, remaining } = cellsOf(r);
    expect(status.textContent).toMatch(/^Expired /);
    expect(status.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW - 5 * 60_000));
    expect(remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT0S');
    expect(within(status).getByRole('button', { name: 'Clear sessionid' })).toBeTruthy();
  });

  it('orders rows by when their sessions really end', () => {
    const late = record('sessionid', 'example.test', { expiresAt: NOW + 200_000 });
    const token = record('access_token', 'example.test', { expiresAt: NOW + 900_000, tokenExpiresAt: NOW + 100_000 });
    show([late, token]);
    const ids = [...document.querySelectorAll<HTMLElement>('tbody tr[data-id]')].map((tr) => tr.dataset.id);
    expect(ids).toEqual([token.id, late.id]);
  });

  it('leaves the labels alone while the countdown ticks', async () => {
    vi.useFakeTimers({ now: NOW });
    const r = record('sessionid', 'example.test', { refreshes: 3, grantMs: 300_000, tokenExpiresAt: NOW + 200_000 });
    render(<App model={model({ records: [r] })} actions={fakeActions()} clock={createClock()} />);
    const labels = [...cellsOf(r).expires.querySelectorAll('.tag, .lifetime')].map((el) => el.firstChild);
    expect(labels.map((n) => n?.textContent)).toEqual(['token exp', 'resets on activity · idle timeout 5 m']);
    await act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(cellsOf(r).remaining.textContent).toBe('3:15');
    expect([...cellsOf(r).expires.querySelectorAll('.tag, .lifetime')].map((el) => el.firstChild)).toEqual(labels);
    labels.forEach((node, i) => expect(node).toBe([...cellsOf(r).expires.querySelectorAll('.tag, .lifetime')][i]!.firstChild));
  });

  it('counts down to the token expiry and flips to Expired there', async () => {
    vi.useFakeTimers({ now: NOW });
    const r = record('access_token', 'example.test', { expiresAt: NOW + 600_000, tokenExpiresAt: NOW + 5_000 });
    render(<App model={model({ records: [r] })} actions={fakeActions()} clock={createClock()} />);
    await act(() => {
      vi.advanceTimersByTime(4_000);
    });
    expect(cellsOf(r).remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT1S');
    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(cellsOf(r).status.textContent).toMatch(/^Expired /);
    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('stores and partitions', () => {
  it('labels rows of a private window and of containers, by name where known', () => {
    const regular = record('sessionid', 'example.test');
    const privateRow = record('sessionid', 'example.test', { storeId: '1', id: '1|example.test|/|sessionid' });
    const work = record('sessionid', 'example.test', {
      storeId: 'firefox-container-2',
      id: 'firefox-container-2|example.test|/|sessionid',
    });
    const unnamed = record('sessionid', 'example.test', {
      storeId: 'firefox-container-9',
      id: 'firefox-container-9|example.test|/|sessionid',
    });
    show([regular, privateRow, work, unnamed], [watched('example.test')], { 'firefox-container-2': 'Work' });
    expect(cellsOf(regular).site.textContent).toBe('example.test');
    expect(cellsOf(privateRow).site.textContent).toBe('example.test Private');
    expect(cellsOf(work).site.textContent).toBe('example.test Work');
    expect(cellsOf(unnamed).site.textContent).toBe('example.test Container');
  });

  it('shows a hostile container name as text', () => {
    const r = record('sessionid', 'example.test', { storeId: 'firefox-container-3', id: 'firefox-container-3|example.test|/|sessionid' });
    const { container } = show([r], [watched('example.test')], { 'firefox-container-3': '<img src=x onerror=alert(1)>' });
    expect(cellsOf(r).site.textContent).toBe('example.test <img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });

  it('labels a partitioned cookie with the top-level site it is kept for', () => {
    const r = record('sessionid', 'example.test', { partition: 'https://top.example' });
    show([r]);
    expect(cellsOf(r).site.textContent).toBe('example.test partitioned · top.example');
  });
});

// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CookieRecord } from '../../src/core/types';
import { App } from '../../src/popup/app';
import { type Clock, createClock } from '../../src/ui/clock';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const live = () => screen.getByRole('status');
const countdown = () => document.querySelector<HTMLTimeElement>('.expiring-countdown');
const tick = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });

/** Every change made to the live region's text, from now on. */
function watchLive() {
  const seen: string[] = [];
  const region = live();
  const observer = new MutationObserver(() => seen.push(region.textContent ?? ''));
  observer.observe(region, { subtree: true, childList: true, characterData: true });
  return {
    changes: () => {
      seen.push(...observer.takeRecords().map(() => region.textContent ?? ''));
      return seen;
    },
  };
}

function show(records: CookieRecord[], clock: Clock, settings = settingsWith([watched('example.test'), watched('other.test')])) {
  const actions = fakeActions();
  const view = render(<App model={model({ records, settings })} actions={actions} clock={clock} />);
  return {
    update: (next: CookieRecord[]) => view.rerender(<App model={model({ records: next, settings })} actions={actions} clock={clock} />),
  };
}

describe('expiring-soon banner', () => {
  it('is an empty live region while every session is outside its lead', () => {
    show(
      [record('sessionid', 'example.test', { expiresAt: NOW + 300_000 }), record('PHPSESSID', 'other.test', { expiresAt: null })],
      createClock(),
    );
    expect(live().getAttribute('aria-live')).toBe('polite');
    expect(live().textContent).toBe('');
    expect(countdown()).toBeNull();
  });

  it('appears when a session enters its lead, names it and counts down, announcing it once', async () => {
    // 125 s left, the lead is 2 minutes: 5 s to go before it ends soon.
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 125_000 });
    show([r], createClock());
    const changes = watchLive().changes;
    await tick(4_000);
    expect(live().textContent).toBe('');

    await tick(1_000);
    expect(live().textContent).toBe('sessionid on example.test ends soon.');
    expect(countdown()?.textContent).toBe('2:00');
    expect(countdown()?.getAttribute('datetime')).toBe('PT120S');
    expect(live().contains(countdown())).toBe(false);

    const time = countdown();
    await tick(18_000);
    expect(countdown()).toBe(time);
    expect(countdown()?.textContent).toBe('1:42');
    expect(changes()).toEqual(['sessionid on example.test ends soon.']);
  });

  it("uses each domain's own lead", () => {
    const settings = settingsWith([watched('example.test'), watched('other.test', 'other.test', 10)], 2);
    show(
      [record('a', 'example.test', { expiresAt: NOW + 300_000 }), record('b', 'other.test', { expiresAt: NOW + 300_000 })],
      createClock(),
      settings,
    );
    expect(live().textContent).toBe('b on other.test ends soon.');
  });

  it('with several ending soon, says how many and names the soonest, whatever the row order', () => {
    const records = [
      record('later', 'example.test', { expiresAt: NOW + 110_000 }),
      record('first', 'other.test', { expiresAt: NOW + 40_000 }),
      record('calm', 'example.test', { expiresAt: NOW + 900_000 }),
    ];
    show(records, createClock());
    expect(live().textContent).toBe('2 sessions end soon; the first is first on other.test.');
    expect(countdown()?.textContent).toBe('0:40');
  });

  it('keeps the live text while the countdown ticks, and changes it only when the sessions ending soon change', async () => {
    const records = [record('a', 'example.test', { expiresAt: NOW + 30_000 }), record('b', 'example.test', { expiresAt: NOW + 90_000 })];
    show(records, createClock());
    const region = live();
    const text = region.firstChild;
    const changes = watchLive().changes;
    await tick(29_000);
    expect(countdown()?.textContent).toBe('0:01');
    expect(region.firstChild).toBe(text);
    expect(changes()).toEqual([]);

    // a expires: only b is left ending soon, and the countdown follows it.
    await tick(1_000);
    expect(live().textContent).toBe('b on example.test ends soon.');
    expect(countdown()?.textContent).toBe('1:00');
    await tick(30_000);
    expect(changes()).toEqual(['b on example.test ends soon.']);
  });

  it('does not render the table again on a tick', async () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 60_000 });
    show([r], createClock());
    const status = document.querySelector('tr[data-id] .status');
    const statusText = status?.firstChild;
    await tick(10_000);
    expect(document.querySelector('tr[data-id] .status')).toBe(status);
    expect(status?.firstChild).toBe(statusText);
    // One timer for the whole page: the rows, the banner's countdown and its watch for the next change share it.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('disappears when the session is refreshed out of its lead', async () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 60_000 });
    const { update } = show([r], createClock());
    expect(live().textContent).toBe('sessionid on example.test ends soon.');
    await act(() => update([{ ...r, expiresAt: NOW + 3_600_000, lastRefreshed: NOW }]));
    expect(live().textContent).toBe('');
    expect(countdown()).toBeNull();
  });

  it('disappears when the session ends, and when it is cleared', async () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 60_000 });
    const other = record('csrftoken', 'example.test', { expiresAt: NOW + 90_000 });
    const { update } = show([r, other], createClock());
    expect(live().textContent).toBe('2 sessions end soon; the first is sessionid on example.test.');

    await act(() => update([{ ...r, ended: { cause: 'logged-out', at: NOW } }, other]));
    expect(live().textContent).toBe('csrftoken on example.test ends soon.');

    await act(() => update([{ ...r, ended: { cause: 'logged-out', at: NOW } }]));
    expect(live().textContent).toBe('');
    expect(countdown()).toBeNull();
  });

  it('disappears when the last session ending soon expires, and the clock stops', async () => {
    show([record('sessionid', 'example.test', { expiresAt: NOW + 3_000 })], createClock());
    expect(live().textContent).toBe('sessionid on example.test ends soon.');
    await tick(3_000);
    expect(live().textContent).toBe('');
    expect(countdown()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a hostile cookie name as text', () => {
    const name = '<img src=x onerror=alert(1)>';
    show([record(name, 'example.test', { expiresAt: NOW + 60_000 })], createClock());
    expect(live().textContent).toBe(`${name} on example.test ends soon.`);
    expect(live().querySelector('img')).toBeNull();
  });
});

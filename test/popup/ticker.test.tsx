// @vitest-environment jsdom
import { act, cleanup, render, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/popup/app';
import { createClock, type FrameRequest } from '../../src/ui/clock';
import { fakeActions, model, NOW, record } from './fixtures';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function remainingTime(id: string) {
  const row = [...document.querySelectorAll<HTMLElement>('tr[data-id]')].find((tr) => tr.dataset.id === id)!;
  const cellsOf = within(row).getAllByRole('cell');
  return { time: cellsOf[3]!.querySelector('time'), status: cellsOf[4]! };
}

describe('shared clock', () => {
  it('runs one timer for every subscriber, aligned to the next whole second, and stops when nobody listens', () => {
    vi.setSystemTime(NOW + 250);
    const clock = createClock();
    const seen: number[] = [];
    const stopA = clock.subscribe((now) => seen.push(now));
    const stopB = clock.subscribe(() => {});
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(750);
    expect(seen).toEqual([NOW + 1000]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([NOW + 1000, NOW + 2000]);
    stopA();
    expect(vi.getTimerCount()).toBe(1);
    stopB();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('shared clock, writing in the next frame', () => {
  /** Frames drawn only when the test says so. */
  function frames() {
    const waiting = new Set<() => void>();
    const request: FrameRequest = (callback) => {
      waiting.add(callback);
      return () => waiting.delete(callback);
    };
    const draw = () => {
      const due = [...waiting];
      waiting.clear();
      for (const callback of due) callback();
    };
    return { request, draw, waiting };
  }

  it('ticks in the frame after each whole second, with the time of the frame', () => {
    vi.setSystemTime(NOW);
    const f = frames();
    const clock = createClock(undefined, f.request);
    const seen: number[] = [];
    clock.subscribe((now) => seen.push(now));
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
    expect(f.waiting.size).toBe(1);
    vi.advanceTimersByTime(16);
    f.draw();
    expect(seen).toEqual([NOW + 1016]);
    // The next second is a timer again, then a frame.
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(984);
    f.draw();
    expect(seen).toEqual([NOW + 1016, NOW + 2000]);
  });

  it('a page that draws no frame gets no tick; the last listener leaving cancels the frame it waits for', () => {
    vi.setSystemTime(NOW);
    const f = frames();
    const clock = createClock(undefined, f.request);
    const seen: number[] = [];
    const stop = clock.subscribe((now) => seen.push(now));
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([]);
    expect(f.waiting.size).toBe(1);
    stop();
    expect(f.waiting.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // Listening again starts one chain, not two.
    clock.subscribe((now) => seen.push(now));
    vi.advanceTimersByTime(1000);
    f.draw();
    expect(seen).toEqual([NOW + 6000]);
    expect(vi.getTimerCount()).toBe(1);
    expect(f.waiting.size).toBe(0);
  });
});

describe('popup countdown', () => {
  it('counts down every second and flips to Expiring soon, then Expired', async () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 300_000 });
    render(<App model={model({ records: [r] })} actions={fakeActions()} clock={createClock()} />);
    const before = remainingTime(r.id);
    expect(before.time?.textContent).toBe('5:00');
    expect(before.status.textContent).toBe('Active');

    await act(() => {
      vi.advanceTimersByTime(1000);
    });
    const after = remainingTime(r.id);
    expect(after.time).toBe(before.time);
    expect(after.time?.textContent).toBe('4:59');
    expect(after.time?.getAttribute('datetime')).toBe('PT299S');
    expect(vi.getTimerCount()).toBe(1);

    // The default lead is 2 minutes: "Expiring soon" from 120 s left.
    await act(() => {
      vi.advanceTimersByTime(179_000);
    });
    expect(remainingTime(r.id).time?.textContent).toBe('2:00');
    expect(remainingTime(r.id).status.textContent).toBe('Expiring soon');

    await act(() => {
      vi.advanceTimersByTime(120_000);
    });
    const ended = remainingTime(r.id);
    expect(ended.time?.textContent).toBe('0:00');
    expect(ended.status.textContent).toMatch(/^Expired /);
    expect(within(ended.status).getByRole('button', { name: 'Clear sessionid' })).toBeTruthy();
    // Nothing left to count down: the clock has stopped.
    expect(vi.getTimerCount()).toBe(0);
  });
});

/**
 * The fake browser's clock and flavour. Cookie expiry, alarms and the worker
 * under test read the same clock so a test decides what "now" is.
 */

/** Which browser the fake behaves like where Chromium and Firefox differ (see docs/browser-behaviour.md). */
export type BrowserMode = 'chromium' | 'firefox';

/** 2026-01-01T00:00:00Z: a fixed start so expiry arithmetic in tests is exact. */
export const DEFAULT_NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

const state = { now: DEFAULT_NOW, mode: 'chromium' as BrowserMode };

export const fakeClock = {
  /** Epoch ms. */
  now: (): number => state.now,
  set(ms: number): void {
    state.now = ms;
  },
  advance(ms: number): void {
    state.now += ms;
  },
};

export function browserMode(): BrowserMode {
  return state.mode;
}

/** Only resetBrowser() calls this, so every fake agrees on the mode. */
export function resetClockAndMode(mode: BrowserMode, now: number): void {
  state.mode = mode;
  state.now = now;
}

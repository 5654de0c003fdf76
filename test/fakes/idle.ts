/**
 * The idle API, which exists only once the optional "idle" permission is
 * granted (see browser.ts). The state is the test's to set; a change fires
 * onStateChanged as the browser does when the user goes idle, locks the
 * screen or comes back.
 * https://developer.chrome.com/docs/extensions/reference/api/idle
 */
import type { Idle } from 'webextension-polyfill';
import { FakeEvent } from './events';

const state = {
  current: 'active' as Idle.IdleState,
  /** Every threshold passed to queryState, in seconds. */
  queries: [] as number[],
  /** Every interval passed to setDetectionInterval, in seconds. */
  intervals: [] as number[],
};

const onStateChanged = new FakeEvent<(newState: Idle.IdleState) => void>();

export const idle = {
  queryState: async (detectionIntervalInSeconds: number): Promise<Idle.IdleState> => {
    // Both browsers refuse a threshold under 15 s.
    if (detectionIntervalInSeconds < 15) throw new Error(`detectionIntervalInSeconds must be at least 15: ${detectionIntervalInSeconds}`);
    state.queries.push(detectionIntervalInSeconds);
    return state.current;
  },
  setDetectionInterval: (intervalInSeconds: number): void => {
    state.intervals.push(intervalInSeconds);
  },
  onStateChanged,
};

/** Test controls: the user's comings and goings, and what the worker asked. */
export const fakeIdle = {
  /** The user goes idle, locks the screen or comes back: onStateChanged fires when the state changes. */
  set(next: Idle.IdleState): void {
    if (next === state.current) return;
    state.current = next;
    onStateChanged.dispatch(next);
  },
  state(): Idle.IdleState {
    return state.current;
  },
  queries(): number[] {
    return [...state.queries];
  },
  intervals(): number[] {
    return [...state.intervals];
  },
};

export function resetIdle(): void {
  state.current = 'active';
  state.queries = [];
  state.intervals = [];
  onStateChanged.clear();
}

import { vi } from 'vitest';
import type { HistoryEvent, HistoryKind } from '../../src/core/history';
import type { HistoryActions } from '../../src/history/history-model';

/** 2026-11-26 14:27:05 UTC, on a whole second. */
export const NOW = Date.UTC(2026, 10, 26, 14, 27, 5);
const MINUTE = 60_000;

export function event(minutesAgo: number, site: string, kind: HistoryKind, name = 'sessionid', storeId = '0'): HistoryEvent {
  return { at: NOW - minutesAgo * MINUTE, site, kind, name, storeId };
}

/** Oldest first, as the platform reads them. */
export const EVENTS: HistoryEvent[] = [
  event(120, 'example.com', 'logged-in'),
  event(90, 'other.org', 'first-seen', 'PHPSESSID', 'firefox-container-1'),
  event(60, 'example.com', 'refreshed'),
  event(30, 'example.com', 'warned'),
  event(28, 'other.org', 'logged-out', 'PHPSESSID', 'firefox-container-1'),
  event(20, 'example.com', 'expired', 'sessionid', '1'),
];

export function fakeActions() {
  return {
    clearHistory: vi.fn<HistoryActions['clearHistory']>(async () => 3),
  } satisfies HistoryActions;
}

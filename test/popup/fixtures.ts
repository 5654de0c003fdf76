import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { vi } from 'vitest';
import { DEFAULTS, type Settings, type WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import type { PopupActions, PopupModel } from '../../src/popup/popup-model';
import { cookieRecordOf } from '../fakes/records';

/** 2026-11-26 14:27:05 UTC, on a whole second. */
export const NOW = Date.UTC(2026, 10, 26, 14, 27, 5);

export function watched(domain: string, site = domain, leadMinutes: number | null = null): WatchedDomain {
  return { domain, site, leadMinutes, warnings: true };
}

/** A live cookie record that expires in five minutes and was set a minute ago. */
export function record(name: string, domain: string, fields: Partial<CookieRecord> = {}): CookieRecord {
  return cookieRecordOf(name, domain, { expiresAt: NOW + 300_000, firstSeen: NOW - 60_000, lastRefreshed: NOW - 60_000, ...fields });
}

/**
 * Most tests are about the table's mechanics, not about which cookies are
 * sessions, so they list every cookie; the tests of that choice say
 * `showAllCookies: false` themselves.
 */
export function settingsWith(domains: WatchedDomain[], leadMinutes = DEFAULTS.leadMinutes, fields: Partial<Settings> = {}): Settings {
  return { ...DEFAULTS, showAllCookies: true, domains, leadMinutes, ...fields };
}

export function model(fields: Partial<PopupModel> = {}): PopupModel {
  return {
    settings: settingsWith([watched('example.test')]),
    records: [],
    currentHost: null,
    offer: null,
    accessMissing: [],
    storeNames: {},
    server: NO_KNOWLEDGE,
    ...fields,
  };
}

export function fakeActions() {
  return {
    openOptionsPage: vi.fn<PopupActions['openOptionsPage']>(async () => {}),
    requestOrigins: vi.fn<PopupActions['requestOrigins']>(async () => true),
    addDomain: vi.fn<PopupActions['addDomain']>(async (input) => ({ ok: true, domain: input })),
    rescan: vi.fn<PopupActions['rescan']>(async () => ({ watched: 1 })),
    clearEnded: vi.fn<PopupActions['clearEnded']>(async (ids) => ({ cleared: ids.length })),
    setShowAll: vi.fn<PopupActions['setShowAll']>(async () => {}),
    setMark: vi.fn<PopupActions['setMark']>(async () => {}),
    checkNow: vi.fn<PopupActions['checkNow']>(async () => ({ ok: false, error: 'busy' })),
  } satisfies PopupActions;
}

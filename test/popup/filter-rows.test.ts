import { describe, expect, it } from 'vitest';
import type { KeepAliveLog } from '../../src/core/keep-alive';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import { filterRows, type FilterContext } from '../../src/popup/filter-rows';
import { NOW, record, watched } from './fixtures';

const bank: WatchedDomain = { ...watched('bank.test'), checkUrl: 'https://bank.test/api/me', keepAlive: true };
const shop = watched('shop.test');
const sites = new Map([
  ['bank.test', bank],
  ['shop.test', shop],
]);
/** Sliding sessions one minute from their end: inside the 2-minute lead. */
const ending = (domain: string) =>
  record('sessionid', domain, { expiresAt: NOW + 60_000, firstSeen: NOW - 3_600_000, refreshes: 3, grantMs: 1_800_000 });

const context = (keepAlive: KeepAliveLog): FilterContext => ({
  watchedOf: (r) => sites.get(r.domain),
  settings: { leadMinutes: 2 },
  server: NO_KNOWLEDGE,
  keepAlive,
  now: NOW,
});

describe('filterRows by status', () => {
  const kept = ending('bank.test');
  const other = ending('shop.test');

  it('matches a status as the row says it: a session keep-alive renews is Active, not Expiring soon', () => {
    expect(filterRows([kept, other], 'expiring', context({}))).toEqual([other]);
    expect(filterRows([kept, other], 'active', context({}))).toEqual([kept]);
  });

  it('matches it as Expiring soon again once keep-alive has stopped', () => {
    const stopped: KeepAliveLog = { 'bank.test': { lastAt: null, firstAt: null, stopped: { at: NOW - 1000, reason: 'cap' } } };
    expect(filterRows([kept, other], 'expiring', context(stopped))).toEqual([kept, other]);
  });
});

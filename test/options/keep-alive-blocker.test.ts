import { describe, expect, it } from 'vitest';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { keepAliveBlocker } from '../../src/options/keep-alive-blocker';
import { cookieRecordOf } from '../fakes/records';

const NOW = Date.UTC(2026, 10, 26, 14, 27, 5);
const M = 60_000;
const bank: WatchedDomain = { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true, checkUrl: 'https://bank.test/me' };
const session = (fields: Partial<CookieRecord> = {}, name = 'sessionid', domain = 'bank.test') =>
  cookieRecordOf(name, domain, { firstSeen: NOW - 60 * M, lastRefreshed: NOW - 60 * M, ...fields });

const fixed = session({ expiresAt: NOW + 60 * M });
const sliding = session({ expiresAt: NOW + 20 * M, lastRefreshed: NOW - 10 * M, refreshes: 3, grantMs: 30 * M });
const browserSession = session({ expiresAt: null });

describe('keepAliveBlocker', () => {
  it.each<[string, CookieRecord[], Partial<WatchedDomain>, 'fixed' | 'no-timeout' | null]>([
    ['a session whose expiry never moved', [fixed], {}, 'fixed'],
    ['a sliding session', [sliding], {}, null],
    ['a browser-session cookie with no idle timeout known', [browserSession], {}, 'no-timeout'],
    ['a browser-session cookie with a declared idle timeout', [browserSession], { idleMinutes: 20 }, null],
    ['no live session', [session({ expiresAt: NOW - M })], {}, null],
    ['no cookie at all', [], {}, null],
    ["another site's fixed session", [session({ expiresAt: NOW + 60 * M }, 'sessionid', 'shop.test')], {}, null],
    ['a fixed cookie that is no session', [session({ expiresAt: NOW + 60 * M, httpOnly: false }, 'theme')], {}, null],
    ['the session that ends first decides: sliding before fixed', [fixed, { ...sliding, id: 'other' }], {}, null],
  ])('%s -> %s', (_, records, fields, expected) => {
    expect(keepAliveBlocker({ ...bank, ...fields }, records, NO_KNOWLEDGE, NOW)).toBe(expected);
  });
});

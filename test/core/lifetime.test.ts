import { describe, expect, it } from 'vitest';
import type { IdleBounds } from '../../src/core/idle-bounds';
import { asLived, effectiveEnd, lifetimeOf, NO_KNOWLEDGE, type ServerKnowledge } from '../../src/core/lifetime';
import { recordFromCookie } from '../../src/core/observe';
import { cookieInfoOf } from '../fakes/records';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);

describe('lifetimeOf', () => {
  it.each([
    [{ expiresAt: null, refreshes: 5, grantMs: null }, { kind: 'browser-session' }],
    [{ expiresAt: NOW, refreshes: 0, grantMs: 300_000 }, { kind: 'fixed' }],
    [{ expiresAt: NOW, refreshes: undefined, grantMs: undefined }, { kind: 'fixed' }],
    [{ expiresAt: NOW, refreshes: 1, grantMs: 300_000 }, { kind: 'refreshed' }],
    [
      { expiresAt: NOW, refreshes: 2, grantMs: 299_600 },
      { kind: 'sliding', idleMs: 300_000 },
    ],
    [
      { expiresAt: NOW, refreshes: 40, grantMs: 1_209_600_000 },
      { kind: 'sliding', idleMs: 1_209_600_000 },
    ],
  ])('%j -> %j', (record, expected) => {
    expect(lifetimeOf(record)).toEqual(expected);
  });

  it('recognises a Django SESSION_SAVE_EVERY_REQUEST session from its cookies', () => {
    const set = (at: number) => cookieInfoOf('sessionid', 'example.com', { secure: false, expirationDate: (at + 300_000) / 1000 });
    let r = recordFromCookie(set(NOW), NOW);
    expect(lifetimeOf(r).kind).toBe('fixed');
    r = recordFromCookie(set(NOW + 20_000), NOW + 20_300, r);
    expect(lifetimeOf(r).kind).toBe('refreshed');
    r = recordFromCookie(set(NOW + 50_000), NOW + 50_200, r);
    expect(lifetimeOf(r)).toEqual({ kind: 'sliding', idleMs: 300_000 });
  });
});

describe('effectiveEnd', () => {
  const record = {
    name: 'sessionid',
    expiresAt: NOW + 14 * 86_400_000,
    lastRefreshed: NOW,
    tokenExpiresAt: null,
    refreshes: 0,
    grantMs: null,
  };
  const declared = (minutes: number) => ({ at: NOW + minutes * 60_000, by: 'idle', idle: { source: 'declared', ms: minutes * 60_000 } });
  it.each([
    ['the cookie alone', record, null, { at: record.expiresAt, by: 'cookie' }],
    ['a declared idle timeout, counted from the last refresh', record, 15, declared(15)],
    ['a token that expires first', { ...record, tokenExpiresAt: NOW + 600_000 }, 15, { at: NOW + 600_000, by: 'token' }],
    [
      'a token that expires after the cookie',
      { ...record, expiresAt: NOW + 60_000, tokenExpiresAt: NOW + 600_000 },
      null,
      { at: NOW + 60_000, by: 'cookie' },
    ],
    ['a browser-session cookie with an idle timeout', { ...record, expiresAt: null }, 30, declared(30)],
    ['a browser-session cookie alone', { ...record, expiresAt: null }, null, { at: null, by: 'cookie' }],
  ])('%s', (_name, r, idleMinutes, expected) => {
    expect(effectiveEnd(r, { domain: 'example.com', idleMinutes }, NO_KNOWLEDGE)).toEqual(expected);
  });

  describe('what the server saw', () => {
    const php = { ...record, name: 'PHPSESSID', expiresAt: null };
    const seen = (lastRequestAt: number, bounds: Record<string, IdleBounds> = {}): ServerKnowledge => ({
      activity: { 'example.com': { lastRequestAt, burstAt: NOW, gapMs: null, burstKind: 'return', ended: false } },
      bounds,
    });
    const w = { domain: 'example.com', idleMinutes: null };

    it.each<[string, Parameters<typeof effectiveEnd>[0], Parameters<typeof effectiveEnd>[1], ServerKnowledge, object]>([
      [
        'a declared timeout counts from the last request, not only the last refresh',
        record,
        { ...w, idleMinutes: 15 },
        seen(NOW + 120_000),
        { at: NOW + 120_000 + 900_000, by: 'idle' },
      ],
      [
        "a PHP browser-session cookie: PHP's default, from the last request",
        php,
        w,
        seen(NOW + 5_000),
        { at: NOW + 5_000 + 1_440_000, by: 'idle', idle: { source: 'default', framework: 'PHP' } },
      ],
      [
        'a PHP cookie with a fixed expiry: no default applies',
        { ...php, expiresAt: NOW + 3_600_000 },
        w,
        seen(NOW + 5_000),
        { at: NOW + 3_600_000, by: 'cookie' },
      ],
      [
        'learned bounds: counts to just past the longest gap survived',
        php,
        w,
        seen(NOW + 5_000, { 'example.com|PHPSESSID': { survivedMs: 19_000, endedMs: 22_000, sessions: 2, lastSession: NOW } }),
        { at: NOW + 5_000 + 19_000, by: 'idle', idle: { source: 'learned', survivedMs: 19_000, endedMs: 22_000, sessions: 2 } },
      ],
      [
        'bounds learned for another domain or cookie do not count',
        { ...record, expiresAt: null },
        w,
        seen(NOW, { 'other.test|sessionid': { survivedMs: 0, endedMs: 22_000, sessions: 1, lastSession: NOW } }),
        { at: null, by: 'cookie' },
      ],
      ['no request seen: counted from the last refresh', php, w, NO_KNOWLEDGE, { at: NOW + 1_440_000, by: 'idle' }],
    ])('%s', (_name, r, domain, server, expected) => {
      expect(effectiveEnd(r, domain, server)).toMatchObject(expected);
    });
  });
});

describe('asLived', () => {
  it('counts to the effective end and says which one it is', () => {
    const r = recordFromCookie(
      cookieInfoOf('access', 'example.com', { expirationDate: NOW / 1000 + 3600, tokenExpiresAt: NOW + 900_000 }),
      NOW,
    );
    expect(asLived(r, undefined, NO_KNOWLEDGE)).toMatchObject({ endsAt: NOW + 900_000, endBy: 'token' });
    expect(asLived(r, undefined, NO_KNOWLEDGE).expiresAt).toBe(NOW + 3_600_000);
    expect(r.expiresAt).toBe(NOW + 3_600_000);
  });
});

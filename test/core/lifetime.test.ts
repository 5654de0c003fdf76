import { describe, expect, it } from 'vitest';
import { asLived, effectiveEnd, lifetimeOf } from '../../src/core/lifetime';
import { recordFromCookie } from '../../src/core/observe';

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
    const set = (at: number) => ({
      name: 'sessionid',
      domain: 'example.com',
      path: '/',
      storeId: '0',
      hostOnly: true,
      secure: false,
      httpOnly: true,
      sameSite: 'lax',
      expirationDate: (at + 300_000) / 1000,
    });
    let r = recordFromCookie(set(NOW), NOW);
    expect(lifetimeOf(r).kind).toBe('fixed');
    r = recordFromCookie(set(NOW + 20_000), NOW + 20_300, r);
    expect(lifetimeOf(r).kind).toBe('refreshed');
    r = recordFromCookie(set(NOW + 50_000), NOW + 50_200, r);
    expect(lifetimeOf(r)).toEqual({ kind: 'sliding', idleMs: 300_000 });
  });
});

describe('effectiveEnd', () => {
  const record = { expiresAt: NOW + 14 * 86_400_000, lastRefreshed: NOW, tokenExpiresAt: null };
  it.each([
    ['the cookie alone', record, null, { at: record.expiresAt, by: 'cookie' }],
    ['a declared idle timeout, counted from the last refresh', record, 15, { at: NOW + 900_000, by: 'idle' }],
    ['a token that expires first', { ...record, tokenExpiresAt: NOW + 600_000 }, 15, { at: NOW + 600_000, by: 'token' }],
    [
      'a token that expires after the cookie',
      { ...record, expiresAt: NOW + 60_000, tokenExpiresAt: NOW + 600_000 },
      null,
      { at: NOW + 60_000, by: 'cookie' },
    ],
    ['a browser-session cookie with an idle timeout', { ...record, expiresAt: null }, 30, { at: NOW + 1_800_000, by: 'idle' }],
    ['a browser-session cookie alone', { ...record, expiresAt: null }, null, { at: null, by: 'cookie' }],
  ])('%s', (_name, r, idleMinutes, expected) => {
    expect(effectiveEnd(r, { idleMinutes })).toEqual(expected);
  });
});

describe('asLived', () => {
  it('counts to the effective end and says which one it is', () => {
    const r = recordFromCookie(
      {
        name: 'access',
        domain: 'example.com',
        path: '/',
        storeId: '0',
        hostOnly: true,
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
        expirationDate: NOW / 1000 + 3600,
        tokenExpiresAt: NOW + 900_000,
      },
      NOW,
    );
    expect(asLived(r, undefined)).toMatchObject({ endsAt: NOW + 900_000, endBy: 'token' });
    expect(asLived(r, undefined).expiresAt).toBe(NOW + 3_600_000);
    expect(r.expiresAt).toBe(NOW + 3_600_000);
  });
});

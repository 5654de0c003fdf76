import { describe, expect, it } from 'vitest';
import { applyChange, cookieId, endCauseOf, reconcile, recordFromCookie } from '../../src/core/observe';
import type { ChangeCause, CookieInfo, CookieRecord } from '../../src/core/types';
import { cookieInfoOf } from '../fakes/records';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);
const cookie = (over: Partial<CookieInfo> = {}): CookieInfo =>
  cookieInfoOf('sessionid', 'example.com', { secure: false, expirationDate: NOW / 1000 + 300, ...over });
const watched = [{ domain: 'example.com', site: 'example.com', leadMinutes: null, warnings: true }];
const all = new Set(['example.com']);

describe('recordFromCookie', () => {
  it('keeps everything but the value, with times in ms', () => {
    const record = recordFromCookie(cookie({ expirationDate: NOW / 1000 + 300.25 }), NOW);
    expect(record).toEqual({
      id: '0|example.com|/|sessionid',
      name: 'sessionid',
      domain: 'example.com',
      path: '/',
      storeId: '0',
      hostOnly: true,
      secure: false,
      httpOnly: true,
      sameSite: 'lax',
      expiresAt: NOW + 300_250,
      firstSeen: NOW,
      lastRefreshed: NOW,
      ended: null,
      refreshes: 0,
      grantMs: 300_250,
      tokenExpiresAt: null,
    });
    expect(Object.keys(record)).not.toContain('value');
  });
  it('ignores a value even when the browser object carries one', () => {
    const withValue = { ...cookie(), value: 'secret-token' } as CookieInfo;
    expect(JSON.stringify(recordFromCookie(withValue, NOW))).not.toContain('secret-token');
  });
});

describe('refreshes and grants: the evidence of a sliding session', () => {
  it('counts a re-send that moves the expiry later, and the lifetime each one grants', () => {
    let r = recordFromCookie(cookie({ expirationDate: NOW / 1000 + 300 }), NOW);
    expect([r.refreshes, r.grantMs]).toEqual([0, 300_000]);
    r = recordFromCookie(cookie({ expirationDate: NOW / 1000 + 360 }), NOW + 60_000, r);
    expect([r.refreshes, r.grantMs]).toEqual([1, 300_000]);
    r = recordFromCookie(cookie({ expirationDate: NOW / 1000 + 420 }), NOW + 120_000, r);
    expect([r.refreshes, r.grantMs, r.firstSeen]).toEqual([2, 300_000, NOW]);
  });

  it('does not count a re-send with the same or an earlier expiry', () => {
    const first = recordFromCookie(cookie(), NOW);
    expect(recordFromCookie(cookie(), NOW + 5_000, first).refreshes).toBe(0);
    expect(recordFromCookie(cookie({ expirationDate: NOW / 1000 + 10 }), NOW + 5_000, first).refreshes).toBe(0);
  });

  it('starts counting again after a logout', () => {
    const ended = { ...recordFromCookie(cookie(), NOW), refreshes: 4, ended: { cause: 'logged-out' as const, at: NOW } };
    expect(recordFromCookie(cookie({ expirationDate: NOW / 1000 + 900 }), NOW + 1, ended).refreshes).toBe(0);
  });

  it('keeps the expiry of a JWT in the value, not the value', () => {
    const r = recordFromCookie({ ...cookie(), tokenExpiresAt: NOW + 60_000 }, NOW);
    expect(r.tokenExpiresAt).toBe(NOW + 60_000);
  });

  it('tells partitioned cookies of different top-level sites apart', () => {
    const a = recordFromCookie(cookie({ partition: 'https://one.test' }), NOW);
    const b = recordFromCookie(cookie({ partition: 'https://two.test' }), NOW);
    expect(a.id).not.toBe(b.id);
    expect(a.partition).toBe('https://one.test');
    expect(recordFromCookie(cookie(), NOW)).not.toHaveProperty('partition');
  });
});

describe('endCauseOf', () => {
  it.each<[ChangeCause, string | null]>([
    ['overwrite', null],
    ['expired', 'expired'],
    ['evicted', 'evicted'],
    ['explicit', 'logged-out'],
    ['expired_overwrite', 'logged-out'],
  ])('%s -> %s', (cause, expected) => {
    expect(endCauseOf(cause)).toBe(expected);
  });
});

describe('applyChange', () => {
  const first = recordFromCookie(cookie(), NOW - 60_000);

  it('records a new cookie', () => {
    expect(applyChange(undefined, { removed: false, cause: 'explicit', cookie: cookie() }, NOW)).toMatchObject({
      firstSeen: NOW,
      ended: null,
    });
  });

  it.each(['chromium', 'firefox'])('treats an overwrite then an add as a refresh (%s order of events)', () => {
    const removal = applyChange(first, { removed: true, cause: 'overwrite', cookie: cookie() }, NOW);
    expect(removal).toBeNull();
    const later = cookie({ expirationDate: NOW / 1000 + 600 });
    const refreshed = applyChange(first, { removed: false, cause: 'explicit', cookie: later }, NOW);
    expect(refreshed).toMatchObject({ firstSeen: NOW - 60_000, lastRefreshed: NOW, expiresAt: NOW + 600_000, ended: null });
  });

  it.each<[ChangeCause, string]>([
    ['expired_overwrite', 'logged-out'], // Chromium: the site sent Max-Age=0
    ['explicit', 'logged-out'], // Firefox: the site sent Max-Age=0
    ['evicted', 'evicted'],
  ])('a %s removal ends the session as %s, now', (cause, ended) => {
    expect(applyChange(first, { removed: true, cause, cookie: cookie() }, NOW)).toMatchObject({ ended: { cause: ended, at: NOW } });
  });

  it('an expiry noticed late is dated at the cookie expiry', () => {
    const result = applyChange(first, { removed: true, cause: 'expired', cookie: cookie() }, NOW + 900_000);
    expect(result?.ended).toEqual({ cause: 'expired', at: first.expiresAt });
  });

  it('an add of an already expired cookie is the site deleting it', () => {
    const past = cookie({ expirationDate: NOW / 1000 - 1 });
    expect(applyChange(first, { removed: false, cause: 'explicit', cookie: past }, NOW)?.ended).toEqual({ cause: 'logged-out', at: NOW });
    expect(applyChange(undefined, { removed: false, cause: 'explicit', cookie: past }, NOW)).toBeNull();
  });

  it('a removal event that comes after a scan found the cookie missing says who removed it', () => {
    const missing = { ...first, ended: { cause: 'missing' as const, at: NOW - 5 } };
    expect(applyChange(missing, { removed: true, cause: 'explicit', cookie: cookie() }, NOW)?.ended).toEqual({
      cause: 'logged-out',
      at: NOW,
    });
    expect(applyChange(missing, { removed: true, cause: 'evicted', cookie: cookie() }, NOW)?.ended).toEqual({ cause: 'evicted', at: NOW });
    // An overwrite is no end, and an expiry adds nothing the scan did not know.
    expect(applyChange(missing, { removed: true, cause: 'overwrite', cookie: cookie() }, NOW)).toBeNull();
    expect(applyChange(missing, { removed: true, cause: 'expired', cookie: cookie() }, NOW)).toBeNull();
  });

  it('does not end an ended record twice, nor one it never saw', () => {
    const ended = { ...first, ended: { cause: 'logged-out' as const, at: NOW - 5 } };
    expect(applyChange(ended, { removed: true, cause: 'expired', cookie: cookie() }, NOW)).toBeNull();
    expect(applyChange(undefined, { removed: true, cause: 'explicit', cookie: cookie() }, NOW)).toBeNull();
  });

  it('a new cookie after a logout starts a new row', () => {
    const ended = { ...first, ended: { cause: 'logged-out' as const, at: NOW - 5 } };
    expect(applyChange(ended, { removed: false, cause: 'explicit', cookie: cookie() }, NOW)).toMatchObject({ firstSeen: NOW, ended: null });
  });
});

describe('reconcile', () => {
  it('adds the watched cookies of every store and ignores the rest', () => {
    const cookies = [cookie(), cookie({ storeId: 'firefox-container-1' }), cookie({ domain: 'example.org' })];
    const { put, remove } = reconcile([], cookies, watched, all, NOW);
    expect(put.map((r) => r.id)).toEqual(['0|example.com|/|sessionid', 'firefox-container-1|example.com|/|sessionid']);
    expect(remove).toEqual([]);
  });

  it('writes nothing for a cookie it already knows unchanged', () => {
    const known = recordFromCookie(cookie(), NOW - 10_000);
    expect(reconcile([known], [cookie()], watched, all, NOW)).toEqual({ put: [], remove: [] });
  });

  it('notices a refresh it missed', () => {
    const known = recordFromCookie(cookie(), NOW - 10_000);
    const { put } = reconcile([known], [cookie({ expirationDate: NOW / 1000 + 900 })], watched, all, NOW);
    expect(put).toEqual([{ ...known, expiresAt: NOW + 900_000, lastRefreshed: NOW, refreshes: 1, grantMs: 900_000 }]);
  });

  it('marks a cookie Firefox still returns after its expiry as expired, dated at its expiry', () => {
    const known = recordFromCookie(cookie({ expirationDate: NOW / 1000 - 5 }), NOW - 100_000);
    const { put } = reconcile([known], [cookie({ expirationDate: NOW / 1000 - 5 })], watched, all, NOW);
    expect(put).toEqual([{ ...known, ended: { cause: 'expired', at: NOW - 5_000 } }]);
  });

  it('does not start a row for an expired cookie it never saw live', () => {
    expect(reconcile([], [cookie({ expirationDate: NOW / 1000 - 5 })], watched, all, NOW).put).toEqual([]);
  });

  it('marks a vanished live cookie as missing', () => {
    const known = recordFromCookie(cookie(), NOW - 10_000);
    expect(reconcile([known], [], watched, all, NOW).put).toEqual([{ ...known, ended: { cause: 'missing', at: NOW } }]);
  });

  it('keeps the rows of a domain it has no access to, untouched', () => {
    const known = recordFromCookie(cookie(), NOW - 10_000);
    expect(reconcile([known], [], watched, new Set(), NOW)).toEqual({ put: [], remove: [] });
  });

  it('removes the rows of a domain no longer watched, ended or not', () => {
    const known = recordFromCookie(cookie(), NOW - 10_000);
    const gone = { ...recordFromCookie(cookie({ name: 'csrftoken' }), NOW), ended: { cause: 'expired' as const, at: NOW } };
    expect(reconcile([known, gone], [cookie()], [], all, NOW).remove).toEqual([known.id, gone.id]);
  });

  it('keeps ended rows until the user clears them', () => {
    const gone: CookieRecord = { ...recordFromCookie(cookie(), NOW - 10_000), ended: { cause: 'logged-out', at: NOW - 1 } };
    expect(reconcile([gone], [], watched, all, NOW)).toEqual({ put: [], remove: [] });
  });

  it('uses the same id for an event and a scan', () => {
    expect(cookieId(cookie())).toBe(recordFromCookie(cookie(), NOW).id);
  });
});

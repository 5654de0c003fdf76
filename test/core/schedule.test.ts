import { describe, expect, it } from 'vitest';
import { recordFromCookie } from '../../src/core/observe';
import { badgeText, endKey, plan, warningKey } from '../../src/core/schedule';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);
const S = 1000;
const M = 60 * S;
const H = 60 * M;

const settings: Settings = {
  ...DEFAULTS,
  leadMinutes: 2,
  domains: [
    { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true },
    { domain: 'admin.test', site: 'admin.test', leadMinutes: 10, warnings: true },
    { domain: 'quiet.test', site: 'quiet.test', leadMinutes: null, warnings: false },
  ],
};

function rec(name: string, domain: string, expiresIn: number | null, ended: CookieRecord['ended'] = null): CookieRecord {
  const r = recordFromCookie({
    name, domain, path: '/', storeId: '0', hostOnly: true, secure: true, httpOnly: true, sameSite: 'lax',
    ...(expiresIn === null ? {} : { expirationDate: (NOW + expiresIn) / 1000 }),
  }, NOW - 5 * M);
  return { ...r, ended };
}

describe('badgeText', () => {
  it.each([
    [150 * H, '6d'],
    [100 * H, '4d'],
    [100 * H - 1, '99h'],
    [2 * H, '2h'],
    [H, '1h'],
    [H - 1, '59m'],
    [15 * M + 30 * S, '15m'],
    [M, '1m'],
    [M - 1, '59s'],
    [1, '0s'],
    [0, ''],
  ])('%i ms left -> %s', (ms, text) => {
    expect(badgeText(ms).text).toBe(text);
    expect(badgeText(ms).text.length).toBeLessThanOrEqual(4);
  });

  it('names the moment it next changes, and that moment reads differently', () => {
    for (const ms of [150 * H, 101 * H, 3 * H + 5, H + 1, 30 * M + 7, M + 1]) {
      const { text, nextChangeIn } = badgeText(ms);
      expect(nextChangeIn).not.toBeNull();
      expect(badgeText(ms - nextChangeIn! + 1).text).toBe(text);
      expect(badgeText(ms - nextChangeIn!).text).not.toBe(text);
    }
    expect(badgeText(59 * S).nextChangeIn).toBeNull();
  });
});

describe('plan: warnings', () => {
  it('sets an alarm at expiry minus the lead, and one at the expiry', () => {
    const r = rec('sessionid', 'bank.test', 300 * S);
    const p = plan([r], settings, new Set(), NOW);
    expect(p.alarms.get(warningKey(r))).toBe(NOW + 180 * S);
    expect(p.alarms.get(`end|${r.id}|${r.expiresAt}`)).toBe(NOW + 300 * S);
    expect(p.notices).toEqual([]);
  });

  it("uses the domain's own lead", () => {
    const r = rec('sid', 'admin.test', H);
    expect(plan([r], settings, new Set(), NOW).alarms.get(warningKey(r))).toBe(NOW + 50 * M);
  });

  it('warns at once for a cookie first seen inside the lead', () => {
    const r = rec('sessionid', 'bank.test', 90 * S);
    const p = plan([r], settings, new Set(), NOW);
    expect(p.notices).toEqual([{ kind: 'ending', site: 'bank.test', record: r, count: 1, keys: [warningKey(r)] }]);
    expect(p.alarms.has(warningKey(r))).toBe(false);
  });

  it('never repeats a warning already given', () => {
    const r = rec('sessionid', 'bank.test', 90 * S);
    const p = plan([r], settings, new Set([warningKey(r)]), NOW);
    expect(p.notices).toEqual([]);
  });

  it('re-arms when a refresh moves the expiry later', () => {
    const before = rec('sessionid', 'bank.test', 90 * S);
    const after = { ...before, expiresAt: NOW + 300 * S };
    const p = plan([after], settings, new Set([warningKey(before)]), NOW);
    expect(p.alarms.get(warningKey(after))).toBe(NOW + 180 * S);
  });

  it('gives one catch-up warning per site after a sleep past several thresholds, naming the soonest', () => {
    const a = rec('a', 'bank.test', 100 * S);
    const b = rec('b', 'bank.test', 30 * S);
    const c = rec('c', 'bank.test', 60 * S);
    const p = plan([a, b, c], settings, new Set(), NOW);
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toMatchObject({ kind: 'ending', site: 'bank.test', record: b, count: 3 });
    expect(p.notices[0]!.keys.sort()).toEqual([a, b, c].map(warningKey).sort());
  });

  it('does not warn for a domain with warnings off, nor for browser-session cookies', () => {
    const p = plan([rec('s', 'quiet.test', 60 * S), rec('t', 'bank.test', null)], settings, new Set(), NOW);
    expect(p.notices).toEqual([]);
    expect([...p.alarms.keys()].filter((k) => k.startsWith('warn|'))).toEqual([]);
  });

  it('ignores records of domains no longer watched', () => {
    const p = plan([rec('s', 'gone.test', 60 * S)], settings, new Set(), NOW);
    expect(p).toEqual({ alarms: new Map(), notices: [], badges: new Map() });
  });
});

describe('plan: ended sessions', () => {
  it('says once that a session ended, by expiry or by logout', () => {
    const expired = rec('a', 'bank.test', -5 * S);
    const out = rec('b', 'admin.test', H, { cause: 'logged-out', at: NOW - S });
    const p = plan([expired, out], settings, new Set(), NOW);
    expect(p.notices.map((n) => [n.kind, n.site, n.keys])).toEqual([
      ['ended', 'bank.test', [endKey(expired, NOW - 5 * S)]],
      ['ended', 'admin.test', [endKey(out, NOW - S)]],
    ]);
    const again = plan([expired, out], settings, new Set(p.notices.flatMap((n) => n.keys)), NOW + M);
    expect(again.notices).toEqual([]);
  });

  it('can be turned off', () => {
    const p = plan([rec('a', 'bank.test', -5 * S)], { ...settings, notifyEnded: false }, new Set(), NOW);
    expect(p.notices).toEqual([]);
  });
});

describe('plan: badges', () => {
  it('shows the soonest-ending session of each site, coloured by status', () => {
    const p = plan([rec('a', 'bank.test', 3 * H), rec('b', 'bank.test', 90 * S), rec('c', 'admin.test', 3 * H)], settings, new Set(), NOW);
    expect(p.badges.get('bank.test')).toEqual({ text: '1m', status: 'expiring' });
    expect(p.badges.get('admin.test')).toEqual({ text: '3h', status: 'active' });
  });

  it('turns red once the session has ended', () => {
    const p = plan([rec('a', 'bank.test', -S)], settings, new Set(), NOW);
    expect(p.badges.get('bank.test')).toEqual({ text: '', status: 'expired' });
  });

  it('prefers a live session over an ended one', () => {
    const p = plan([rec('a', 'bank.test', -S), rec('b', 'bank.test', 2 * H)], settings, new Set(), NOW);
    expect(p.badges.get('bank.test')).toEqual({ text: '2h', status: 'active' });
  });

  it('wakes for a badge only when a tab of the site is open', () => {
    const r = rec('a', 'bank.test', 30 * M + 30 * S);
    expect(plan([r], settings, new Set(), NOW).alarms.has('badge|bank.test')).toBe(false);
    expect(plan([r], settings, new Set(), NOW, new Set(['bank.test'])).alarms.get('badge|bank.test')).toBe(NOW + 30 * S + 1);
  });
});

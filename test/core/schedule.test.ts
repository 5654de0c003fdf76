import { describe, expect, it } from 'vitest';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { recordFromCookie } from '../../src/core/observe';
import { badgeText, endKey, keptBadges, plan, warningKey } from '../../src/core/schedule';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { cookieInfoOf } from '../fakes/records';

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
  const r = recordFromCookie(
    cookieInfoOf(name, domain, expiresIn === null ? {} : { expirationDate: (NOW + expiresIn) / 1000 }),
    NOW - 5 * M,
  );
  return { ...r, ended };
}

/** The warning key of a record that ends when its cookie expires (no idle timeout, no earlier token). */
const cookieWarningKey = (r: CookieRecord) => warningKey({ id: r.id, endsAt: r.expiresAt });

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
    const p = plan([r], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.alarms.get(cookieWarningKey(r))).toBe(NOW + 180 * S);
    expect(p.alarms.get(`end|${r.id}|${r.expiresAt}`)).toBe(NOW + 300 * S);
    expect(p.notices).toEqual([]);
  });

  it("uses the domain's own lead", () => {
    const r = rec('sid', 'admin.test', H);
    expect(plan([r], settings, new Set(), NOW, NO_KNOWLEDGE).alarms.get(cookieWarningKey(r))).toBe(NOW + 50 * M);
  });

  it('warns at once for a cookie first seen inside the lead', () => {
    const r = rec('sessionid', 'bank.test', 90 * S);
    const p = plan([r], settings, new Set(), NOW, NO_KNOWLEDGE);
    // The notice carries the record as it lives: here its cookie's expiry is its end.
    expect(p.notices).toEqual([
      { kind: 'ending', site: 'bank.test', record: { ...r, endsAt: r.expiresAt, endBy: 'cookie' }, count: 1, keys: [cookieWarningKey(r)] },
    ]);
    expect(p.alarms.has(cookieWarningKey(r))).toBe(false);
  });

  it('never repeats a warning already given', () => {
    const r = rec('sessionid', 'bank.test', 90 * S);
    const p = plan([r], settings, new Set([cookieWarningKey(r)]), NOW, NO_KNOWLEDGE);
    expect(p.notices).toEqual([]);
  });

  it('re-arms when a refresh moves the expiry later', () => {
    const before = rec('sessionid', 'bank.test', 90 * S);
    const after = { ...before, expiresAt: NOW + 300 * S };
    const p = plan([after], settings, new Set([cookieWarningKey(before)]), NOW, NO_KNOWLEDGE);
    expect(p.alarms.get(cookieWarningKey(after))).toBe(NOW + 180 * S);
  });

  it('gives one catch-up warning per site after a sleep past several thresholds, naming the soonest', () => {
    const a = rec('a', 'bank.test', 100 * S);
    const b = rec('b', 'bank.test', 30 * S);
    const c = rec('c', 'bank.test', 60 * S);
    const p = plan([a, b, c], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toMatchObject({ kind: 'ending', site: 'bank.test', record: b, count: 3 });
    expect(p.notices[0]!.keys.sort()).toEqual([a, b, c].map(cookieWarningKey).sort());
  });

  it('does not warn for a domain with warnings off, nor for browser-session cookies', () => {
    const p = plan([rec('s', 'quiet.test', 60 * S), rec('t', 'bank.test', null)], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.notices).toEqual([]);
    expect([...p.alarms.keys()].filter((k) => k.startsWith('warn|'))).toEqual([]);
  });

  it('ignores records of domains no longer watched', () => {
    const p = plan([rec('s', 'gone.test', 60 * S)], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p).toEqual({ alarms: new Map(), notices: [], badges: new Map() });
  });
});

describe('plan: ended sessions', () => {
  it('says once that a session ended, by expiry or by logout', () => {
    const expired = rec('a', 'bank.test', -5 * S);
    const out = rec('b', 'admin.test', H, { cause: 'logged-out', at: NOW - S });
    const p = plan([expired, out], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.notices.map((n) => [n.kind, n.site, n.keys])).toEqual([
      ['ended', 'bank.test', [endKey(expired, NOW - 5 * S)]],
      ['ended', 'admin.test', [endKey(out, NOW - S)]],
    ]);
    const again = plan([expired, out], settings, new Set(p.notices.flatMap((n) => n.keys)), NOW + M, NO_KNOWLEDGE);
    expect(again.notices).toEqual([]);
  });

  it('can be turned off', () => {
    const p = plan([rec('a', 'bank.test', -5 * S)], { ...settings, notifyEnded: false }, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.notices).toEqual([]);
  });
});

describe('plan: badges', () => {
  it('shows the soonest-ending session of each site, coloured by status', () => {
    const p = plan(
      [rec('a', 'bank.test', 3 * H), rec('b', 'bank.test', 90 * S), rec('c', 'admin.test', 3 * H)],
      settings,
      new Set(),
      NOW,
      NO_KNOWLEDGE,
    );
    expect(p.badges.get('bank.test')).toEqual({ text: '1m', status: 'expiring' });
    expect(p.badges.get('admin.test')).toEqual({ text: '3h', status: 'active' });
  });

  it('turns red once the session has ended', () => {
    const p = plan([rec('a', 'bank.test', -S)], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.badges.get('bank.test')).toEqual({ text: '', status: 'expired' });
  });

  it('prefers a live session over an ended one', () => {
    const p = plan([rec('a', 'bank.test', -S), rec('b', 'bank.test', 2 * H)], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.badges.get('bank.test')).toEqual({ text: '2h', status: 'active' });
  });

  it('wakes for a badge only when a tab of the site is open', () => {
    const r = rec('a', 'bank.test', 30 * M + 30 * S);
    expect(plan([r], settings, new Set(), NOW, NO_KNOWLEDGE).alarms.has('badge|bank.test')).toBe(false);
    expect(plan([r], settings, new Set(), NOW, NO_KNOWLEDGE, new Set(['bank.test'])).alarms.get('badge|bank.test')).toBe(NOW + 30 * S + 1);
  });
});

describe('keptBadges', () => {
  it('reads "Active" for a site kept alive whose session is inside its lead, and leaves every other badge as planned', () => {
    const four: Settings = {
      ...settings,
      domains: ['bank.test', 'shop.test', 'admin.test', 'news.test'].map((d) => ({
        domain: d,
        site: d,
        leadMinutes: null,
        warnings: true,
      })),
    };
    const p = plan(
      [rec('a', 'bank.test', 90 * S), rec('b', 'shop.test', 60 * S), rec('c', 'admin.test', -S), rec('d', 'news.test', 3 * H)],
      four,
      new Set(),
      NOW,
      NO_KNOWLEDGE,
    );
    const kept = keptBadges(p.badges, new Set(['bank.test', 'admin.test', 'news.test', 'gone.test']));
    expect(Object.fromEntries(kept)).toEqual({
      'bank.test': { text: '1m', status: 'active' },
      'shop.test': { text: '1m', status: 'expiring' },
      // An ended session is ended, whatever keep-alive was doing.
      'admin.test': { text: '', status: 'expired' },
      'news.test': { text: '3h', status: 'active' },
    });
    // The plan's own map is not changed.
    expect(p.badges.get('bank.test')).toEqual({ text: '1m', status: 'expiring' });
  });
});

describe('plan: the effective end', () => {
  const idle: Settings = {
    ...settings,
    domains: [...settings.domains, { domain: 'idle.test', site: 'idle.test', leadMinutes: null, warnings: true, idleMinutes: 15 }],
  };
  const withToken = (r: CookieRecord, tokenIn: number): CookieRecord => ({ ...r, tokenExpiresAt: NOW + tokenIn });

  it("a JWT that expires before the cookie warns and ends at the token's exp", () => {
    const r = withToken(rec('sessionid', 'bank.test', H), 10 * M);
    const key = warningKey({ id: r.id, endsAt: NOW + 10 * M });
    const p = plan([r], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.alarms.get(key)).toBe(NOW + 8 * M);
    expect(p.alarms.get(`end|${r.id}|${NOW + 10 * M}`)).toBe(NOW + 10 * M);
    expect(p.alarms.has(`end|${r.id}|${NOW + H}`)).toBe(false);
    expect(p.badges.get('bank.test')).toEqual({ text: '10m', status: 'active' });

    const warned = plan([r], settings, new Set(), NOW + 9 * M, NO_KNOWLEDGE);
    expect(warned.notices).toMatchObject([{ kind: 'ending', keys: [key], record: { endsAt: NOW + 10 * M, endBy: 'token' } }]);

    const ended = plan([r], settings, new Set([key]), NOW + 10 * M, NO_KNOWLEDGE);
    expect(ended.notices).toMatchObject([{ kind: 'ended', keys: [endKey(r, NOW + 10 * M)] }]);
    expect(ended.badges.get('bank.test')).toEqual({ text: '', status: 'expired' });
  });

  it('a JWT that outlives the cookie changes nothing', () => {
    const r = withToken(rec('sessionid', 'bank.test', 5 * M), H);
    expect(plan([r], settings, new Set(), NOW, NO_KNOWLEDGE).alarms.get(cookieWarningKey(r))).toBe(NOW + 3 * M);
  });

  it('a token gives a browser-session cookie an end', () => {
    const r = withToken(rec('sessionid', 'bank.test', null), 30 * M);
    const p = plan([r], settings, new Set(), NOW, NO_KNOWLEDGE);
    expect(p.alarms.get(warningKey({ id: r.id, endsAt: NOW + 30 * M }))).toBe(NOW + 28 * M);
    expect(p.badges.get('bank.test')).toEqual({ text: '30m', status: 'active' });
  });

  it('a declared idle timeout warns at lastRefreshed + idle - lead', () => {
    // rec() was last refreshed 5 minutes before NOW: the idle end is NOW + 10 min.
    const r = rec('sessionid', 'idle.test', 2 * H);
    const p = plan([r], idle, new Set(), NOW, NO_KNOWLEDGE);
    expect(r.lastRefreshed).toBe(NOW - 5 * M);
    expect(p.alarms.get(warningKey({ id: r.id, endsAt: r.lastRefreshed + 15 * M }))).toBe(r.lastRefreshed + 15 * M - 2 * M);
    expect(p.alarms.get(`end|${r.id}|${NOW + 10 * M}`)).toBe(NOW + 10 * M);
  });

  it('a refresh re-arms the idle warning from the new last refresh', () => {
    const before = rec('sessionid', 'idle.test', 2 * H);
    const after = { ...before, lastRefreshed: NOW };
    const given = new Set([warningKey({ id: before.id, endsAt: before.lastRefreshed + 15 * M })]);
    expect(plan([after], idle, given, NOW, NO_KNOWLEDGE).alarms.get(warningKey({ id: after.id, endsAt: NOW + 15 * M }))).toBe(NOW + 13 * M);
  });

  it('the idle timeout of one domain does not touch another', () => {
    const r = rec('sessionid', 'bank.test', 2 * H);
    expect(plan([r], idle, new Set(), NOW, NO_KNOWLEDGE).alarms.get(cookieWarningKey(r))).toBe(NOW + 2 * H - 2 * M);
  });
});

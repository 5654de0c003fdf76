import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_WRITE_MS,
  IDLE_GAP_MIN_MS,
  isSignedOutStatus,
  looksLikeLogin,
  looksLikeLogout,
  noteRequest,
  serverEndGap,
  survivedGap,
  writeDue,
  type RequestSeen,
  type SiteActivity,
} from '../../src/core/activity';

const get = (at: number, path = '/'): RequestSeen => ({ at, method: 'GET', path });
const post = (at: number, path = '/'): RequestSeen => ({ at, method: 'POST', path });

function replay(requests: RequestSeen[]): SiteActivity | null {
  return requests.reduce<SiteActivity | null>((a, r) => noteRequest(a, r), null);
}

describe('noteRequest', () => {
  it("counts the extension's own requests as the server's activity, not the user's", () => {
    const user = noteRequest(null, get(1_000));
    const check = noteRequest(user, { at: 30_000, own: true, method: 'GET', path: '/api/me' });
    expect(check).toMatchObject({ lastRequestAt: 30_000, burstAt: 30_000, gapMs: 29_000, userAt: 1_000 });
    expect(noteRequest(check, get(31_000))).toMatchObject({ lastRequestAt: 31_000, userAt: 31_000 });
    expect(noteRequest(null, { at: 5_000, own: true, method: 'GET', path: '/api/me' })).not.toHaveProperty('userAt');
  });

  it('the first request known starts a burst with no gap', () => {
    expect(noteRequest(null, get(1_000))).toEqual({
      lastRequestAt: 1_000,
      burstAt: 1_000,
      gapMs: null,
      burstKind: 'return',
      ended: false,
      userAt: 1_000,
    });
  });

  it.each<[string, RequestSeen[], Partial<SiteActivity>]>([
    ['a page and its parts are one burst', [get(0), get(200), get(900), get(4_000)], { lastRequestAt: 4_000, burstAt: 0, gapMs: null }],
    ['a quiet spell just under the minimum is no gap', [get(0), get(IDLE_GAP_MIN_MS - 1)], { burstAt: 0, gapMs: null }],
    ['a quiet spell of the minimum is a gap', [get(0), get(IDLE_GAP_MIN_MS)], { burstAt: IDLE_GAP_MIN_MS, gapMs: IDLE_GAP_MIN_MS }],
    ['the gap is from the last request, not the burst start', [get(0), get(5_000), get(30_000)], { burstAt: 30_000, gapMs: 25_000 }],
    ['a POST after a gap is a form, not a return', [get(0), post(30_000, '/login')], { burstKind: 'form' }],
    ['a logout after a gap', [get(0), get(30_000, '/accounts/logout/')], { burstKind: 'logout' }],
    ['a clock set back starts no burst and keeps the latest time', [get(50_000), get(10_000)], { lastRequestAt: 50_000, burstAt: 50_000 }],
  ])('%s', (_, requests, expected) => {
    expect(replay(requests)).toMatchObject(expected);
  });
});

describe('serverEndGap', () => {
  const back = replay([get(0), get(25_000)]);
  it.each<[string, SiteActivity | null, number, number | null]>([
    ['a sign right after a return from 25 s idle', back, 25_300, 25_000],
    ['a sign at the end of the window', back, 30_000, 25_000],
    ['a sign after the window: the user is active again', back, 30_001, null],
    ['no activity known', null, 1_000, null],
    ['the first burst known has no gap', replay([get(0)]), 100, null],
    ['a login form after idle rotates the id: no end', replay([get(0), post(25_000)]), 25_100, null],
    ['a logout after idle is the user', replay([get(0), get(25_000, '/logout')]), 25_100, null],
    ['once per burst', back && { ...back, ended: true }, 25_300, null],
  ])('%s', (_, activity, at, expected) => {
    expect(serverEndGap(activity, at)).toBe(expected);
  });
});

describe('survivedGap', () => {
  const first = replay([get(0), get(15_000)]);
  it.each<[string, SiteActivity | null, SiteActivity, number | null]>([
    ['the next burst begins: the previous gap was survived', first, noteRequest(first, get(40_000)), 15_000],
    ['the same burst goes on: nothing to learn yet', first, noteRequest(first, get(16_000)), null],
    ['a burst the server ended teaches no survival', first && { ...first, ended: true }, noteRequest(first, get(40_000)), null],
    ['a burst without a gap before it', replay([get(0)]), noteRequest(replay([get(0)]), get(40_000)), null],
    ['a logout burst', replay([get(0), get(15_000, '/logout')]), noteRequest(replay([get(0), get(15_000, '/logout')]), get(40_000)), null],
    ['a login form after the gap', replay([get(0), post(15_000)]), noteRequest(replay([get(0), post(15_000)]), get(40_000)), null],
  ])('%s', (_, prev, next, expected) => {
    expect(survivedGap(prev, next)).toBe(expected);
  });
});

describe('writeDue', () => {
  const a = replay([get(0)]);
  it.each<[string, SiteActivity | null, SiteActivity, number | null, boolean]>([
    ['the first request known', null, noteRequest(null, get(0)), null, true],
    ['nothing written yet', a, noteRequest(a, get(100)), null, true],
    ['within the interval of the last write', a, noteRequest(a, get(ACTIVITY_WRITE_MS - 1)), 0, false],
    ['the interval has passed', a, noteRequest(a, get(ACTIVITY_WRITE_MS)), 0, true],
    ['a new burst is written at once', a, noteRequest(a, get(IDLE_GAP_MIN_MS)), IDLE_GAP_MIN_MS - 1, true],
  ])('%s', (_, prev, next, writtenAt, expected) => {
    expect(writeDue(prev, next, writtenAt)).toBe(expected);
  });
});

describe('paths and statuses', () => {
  it.each<[string, boolean, boolean]>([
    ['/login', true, false],
    ['/accounts/login/?next=/admin/', true, false],
    ['/users/sign_in', true, false],
    ['/auth', true, false],
    ['/signin.php', true, false],
    ['/login-help', false, false],
    ['/blog/logout-tips', false, false],
    ['/logout', false, true],
    ['/accounts/logout/', false, true],
    ['/users/sign_out', false, true],
    ['/signoff.aspx', false, true],
    ['/', false, false],
    ['/author/logins', false, false],
  ])('%s: login %s, logout %s', (path, login, logout) => {
    expect(looksLikeLogin(path)).toBe(login);
    expect(looksLikeLogout(path)).toBe(logout);
  });

  it.each<[number, boolean]>([
    [401, true],
    [440, true],
    [403, false],
    [200, false],
    [302, false],
  ])('%d signed out: %s', (status, expected) => {
    expect(isSignedOutStatus(status)).toBe(expected);
  });
});

import { SERVER_DEFAULT_SOURCES } from '../../src/core/server-default-sources';
import { describe, expect, it } from 'vitest';
import { NO_BOUNDS, type IdleBounds } from '../../src/core/idle-bounds';
import { serverDefaultFor, serverDefaults } from '../../src/core/server-defaults';
import { serverEndAt, serverIdleOf, type ServerIdle, type ServerIdleInput } from '../../src/core/server-idle';

const MIN = 60_000;
const learned = (survivedMs: number, endedMs: number | null, sessions = 1): IdleBounds => ({
  survivedMs,
  endedMs,
  sessions,
  lastSession: 1,
});
const input = (over: Partial<ServerIdleInput>): ServerIdleInput => ({
  declaredMinutes: null,
  learned: null,
  cookieName: 'PHPSESSID',
  idleDependent: true,
  ...over,
});

describe('serverIdleOf: the earliest credible idle timeout', () => {
  it.each<[string, Partial<ServerIdleInput>, ServerIdle | null]>([
    ['a PHP cookie with nothing else known: the PHP default', {}, { source: 'default', ms: 24 * MIN, framework: 'PHP' }],
    [
      'the default behind a __Secure- prefix',
      { cookieName: '__Secure-JSESSIONID' },
      { source: 'default', ms: 30 * MIN, framework: 'Java' },
    ],
    ['an unknown cookie name with nothing known', { cookieName: 'sid' }, null],
    ['a fixed cookie gets no default', { idleDependent: false }, null],
    ['declared wins over everything', { declaredMinutes: 10, learned: learned(19_000, 22_000) }, { source: 'declared', ms: 10 * MIN }],
    [
      'learned range: counts to just past the longest gap survived',
      { learned: learned(19_000, 22_000, 2) },
      { source: 'learned', ms: 19_000, survivedMs: 19_000, endedMs: 22_000, sessions: 2 },
    ],
    [
      'learned end with no gap survived: counts to the gap that ended one',
      { learned: learned(0, 27_000) },
      { source: 'learned', ms: 27_000, survivedMs: 0, endedMs: 27_000, sessions: 1 },
    ],
    [
      'survived gaps only: no end learned, the default still fits',
      { learned: learned(10 * MIN, null) },
      { source: 'default', ms: 24 * MIN, framework: 'PHP' },
    ],
    ['survived past the default: the default is not credible', { learned: learned(30 * MIN, null) }, null],
    [
      'a default inside the learned range that comes sooner',
      { cookieName: 'ASP.NET_SessionId', learned: learned(0, 45 * MIN) },
      { source: 'default', ms: 20 * MIN, framework: 'ASP.NET' },
    ],
    [
      'the learned end comes sooner than a credible default',
      { learned: learned(4 * MIN, 45 * MIN) },
      { source: 'learned', ms: 4 * MIN, survivedMs: 4 * MIN, endedMs: 45 * MIN, sessions: 1 },
    ],
    [
      'learned applies to a fixed cookie too: it was seen',
      { idleDependent: false, cookieName: 'sid', learned: learned(0, 27_000) },
      { source: 'learned', ms: 27_000, survivedMs: 0, endedMs: 27_000, sessions: 1 },
    ],
    ['nothing learned yet (no bounds)', { cookieName: 'sid', learned: NO_BOUNDS }, null],
  ])('%s', (_, over, expected) => {
    expect(serverIdleOf(input(over))).toEqual(expected);
  });
});

describe('serverEndAt', () => {
  it.each<[number, number | null, number, number]>([
    [20_000, 1_000, 5_000, 25_000],
    [20_000, 9_000, 5_000, 29_000],
    [20_000, null, 5_000, 25_000],
  ])('idle %d, last request %s, refreshed %d -> %d', (ms, lastRequestAt, lastRefreshed, expected) => {
    expect(serverEndAt({ ms }, lastRequestAt, lastRefreshed)).toBe(expected);
  });
});

describe('serverDefaultFor', () => {
  it.each<[string, string | null, number | null]>([
    ['PHPSESSID', 'PHP', 1_440_000],
    ['JSESSIONID', 'Java', 1_800_000],
    ['SESSION', 'Spring', 1_800_000],
    ['ASP.NET_SessionId', 'ASP.NET', 1_200_000],
    ['.AspNetCore.Session', 'ASP.NET Core', 1_200_000],
    ['__Host-PHPSESSID', 'PHP', 1_440_000],
    ['sessionid', null, null],
    ['connect.sid', null, null],
    ['constructor', null, null],
    ['__proto__', null, null],
  ])('%s -> %s', (name, framework, idleMs) => {
    const found = serverDefaultFor(name);
    expect(found?.framework ?? null).toBe(framework);
    expect(found?.idleMs ?? null).toBe(idleMs);
  });

  it('every default names its setting and an https source', () => {
    for (const [name] of serverDefaults()) {
      const cited = SERVER_DEFAULT_SOURCES[name];
      expect(cited?.setting.length).toBeGreaterThan(3);
      expect(new URL(cited?.source ?? '').protocol).toBe('https:');
    }
  });
});

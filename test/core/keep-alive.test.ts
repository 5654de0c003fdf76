import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canKeepAlive,
  isKeptAlive,
  statusLeadMs,
  keptSession,
  keepAlivePlan,
  marginMs,
  type KeepAliveInput,
  type KeepAliveState,
  type KeptSession,
  type SystemState,
} from '../../src/core/keep-alive';
import type { Lived } from '../../src/core/lifetime';
import type { SiteCheck } from '../../src/core/server-check';
import { cookieRecordOf } from '../fakes/records';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261206);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const CAP = 4 * H;
const URL_ME = 'https://bank.example/api/me';

/** A browser-session cookie the server ends after `ms` idle (declared, learned or a framework's default). */
const idleEnd = (endsAt: number, ms = 20 * S): KeptSession => ({
  endsAt,
  endBy: 'idle',
  endIdle: { source: 'declared', ms },
  lifetime: { kind: 'browser-session' },
});
/** A cookie the site re-sends with each answer, granting `idleMs` each time. */
const slidingCookie = (endsAt: number, idleMs = 30 * M): KeptSession => ({
  endsAt,
  endBy: 'cookie',
  lifetime: { kind: 'sliding', idleMs },
});
const fixedCookie = (endsAt: number): KeptSession => ({ endsAt, endBy: 'cookie', lifetime: { kind: 'fixed' } });
const tokenEnd = (endsAt: number): KeptSession => ({ endsAt, endBy: 'token', lifetime: { kind: 'sliding', idleMs: 30 * M } });
const browserSession: KeptSession = { endsAt: null, endBy: 'cookie', lifetime: { kind: 'browser-session' } };

const check = (at: number, result: SiteCheck['result']): SiteCheck => ({
  at,
  result,
  status: result === 'signed-in' ? 200 : 401,
  redirected: false,
  by: 'keep-alive',
});
const state = (s: Partial<KeepAliveState>): KeepAliveState => ({ lastAt: null, firstAt: null, stopped: null, ...s });

/** A site kept alive at 10 min with its 20 s idle session due to end at 10 min 20 s; the user was last there at 10 min. */
function input(over: Partial<KeepAliveInput> = {}): KeepAliveInput {
  return {
    now: 10 * M,
    w: { checkUrl: URL_ME, keepAlive: true },
    session: idleEnd(10 * M + 20 * S),
    userAt: 10 * M,
    capMs: CAP,
    system: 'active',
    lastCheck: null,
    state: null,
    ...over,
  };
}

describe('marginMs', () => {
  it.each([
    [1_000, 5_000],
    [20_000, 5_000],
    [40_000, 10_000],
    [5 * M, 75_000],
    [8 * M, 120_000],
    [30 * M, 120_000],
    [24 * H, 120_000],
  ])('%i ms period -> %i ms before its end', (period, margin) => {
    expect(marginMs(period)).toBe(margin);
  });
});

describe('keepAlivePlan', () => {
  it.each<[string, Partial<KeepAliveInput>, string]>([
    ['switched off', { w: { checkUrl: URL_ME, keepAlive: false } }, 'switched-off'],
    ['never switched on', { w: { checkUrl: URL_ME } }, 'switched-off'],
    ['on, without a check URL', { w: { keepAlive: true } }, 'no-check-url'],
    ['no live session', { session: null }, 'no-session'],
    ['a fixed cookie', { session: fixedCookie(11 * M) }, 'fixed'],
    ['a cookie moved once only', { session: { endsAt: 11 * M, endBy: 'cookie', lifetime: { kind: 'refreshed' } } }, 'fixed'],
    ['a token that ends first', { session: tokenEnd(11 * M) }, 'fixed'],
    ['a browser-session cookie without an idle timeout', { session: browserSession }, 'no-timeout'],
  ])('off: %s', (_name, over, reason) => {
    expect(keepAlivePlan(input(over))).toEqual({ kind: 'off', reason });
  });

  it('off comes before anything else: idle, locked, stopped or signed out, a switched-off site is off', () => {
    const plan = keepAlivePlan(
      input({
        w: { checkUrl: URL_ME, keepAlive: false },
        system: 'locked',
        lastCheck: check(9 * M, 'signed-out'),
        state: state({ stopped: { at: M, reason: 'cap' } }),
      }),
    );
    expect(plan).toEqual({ kind: 'off', reason: 'switched-off' });
  });

  it.each<[SystemState | null, string]>([
    ['idle', 'idle'],
    ['locked', 'locked'],
    [null, 'no-permission'],
  ])('paused while the system is %s', (system, reason) => {
    expect(keepAlivePlan(input({ system }))).toEqual({ kind: 'paused', reason });
  });

  it.each<[string, Partial<KeepAliveInput>, number]>([
    ['a declared idle end: a quarter of 20 s, at least 5 s, before it', {}, 10 * M + 15 * S],
    ['a learned 40 s idle end: 10 s before it', { session: idleEnd(10 * M + 40 * S, 40 * S) }, 10 * M + 30 * S],
    ['a sliding cookie of 30 min: 2 min before its expiry', { session: slidingCookie(40 * M) }, 38 * M],
    ['an end already inside the margin: now', { session: idleEnd(10 * M + 3 * S) }, 10 * M],
    ['an end already past (the worker slept): now', { session: idleEnd(9 * M) }, 10 * M],
  ])('due: %s', (_name, over, at) => {
    const plan = keepAlivePlan(input(over));
    expect(plan).toMatchObject({ kind: 'due', at });
  });

  it('gives the period it renews with the due time', () => {
    expect(keepAlivePlan(input({ session: slidingCookie(40 * M, 30 * M) }))).toEqual({ kind: 'due', at: 38 * M, periodMs: 30 * M });
  });

  it('never sooner than half a period after the last keep-alive, even when the end says sooner', () => {
    // The last one went 4 s ago: the next may not go before 10 s after it, whatever the end.
    const plan = keepAlivePlan(input({ now: 10 * M, session: idleEnd(10 * M + 6 * S), state: state({ lastAt: 10 * M - 4 * S }) }));
    expect(plan).toEqual({ kind: 'due', at: 10 * M + 6 * S, periodMs: 20 * S });
  });

  it('stops at the cap counted from the last real activity, fresh, at the moment the cap was reached', () => {
    const plan = keepAlivePlan(input({ now: 10 * M + CAP, userAt: 10 * M, session: idleEnd(10 * M + CAP + 15 * S) }));
    expect(plan).toEqual({ kind: 'stopped', reason: 'cap', at: 10 * M + CAP, fresh: true });
  });

  it('a moment before the cap, keeps going', () => {
    const plan = keepAlivePlan(
      input({ now: 10 * M + CAP - 20 * S, userAt: 10 * M, session: idleEnd(10 * M + CAP - 10 * S), state: state({ lastAt: 0 }) }),
    );
    expect(plan).toMatchObject({ kind: 'due', at: 10 * M + CAP - 15 * S });
  });

  it('with no activity known, the cap counts from the first keep-alive', () => {
    const first = state({ firstAt: 10 * M, lastAt: 10 * M + CAP - 10 * S });
    expect(keepAlivePlan(input({ now: 10 * M + CAP, userAt: null, state: first, session: idleEnd(10 * M + CAP + 5 * S) }))).toEqual({
      kind: 'stopped',
      reason: 'cap',
      at: 10 * M + CAP,
      fresh: true,
    });
    // The first keep-alive of all: nothing to count from yet.
    expect(keepAlivePlan(input({ now: 10 * M + CAP, userAt: null, state: null }))).toMatchObject({ kind: 'due' });
  });

  it('stops when the next request would come past the cap: the last one has been sent', () => {
    // Period 20 s; the last keep-alive 10 s before the cap; the next would be due 5 s after it.
    const plan = keepAlivePlan(
      input({
        now: 10 * M + CAP - 9 * S,
        userAt: 10 * M,
        session: idleEnd(10 * M + CAP + 10 * S),
        state: state({ lastAt: 10 * M + CAP - 10 * S, firstAt: 10 * M + 5 * S }),
      }),
    );
    expect(plan).toEqual({ kind: 'stopped', reason: 'cap', at: 10 * M + CAP - 9 * S, fresh: true });
  });

  it('a stored stop is told once: the next plans are stopped, not fresh', () => {
    const stopped = state({ lastAt: CAP, firstAt: 0, stopped: { at: CAP, reason: 'cap' } });
    expect(keepAlivePlan(input({ now: CAP + M, userAt: 0, state: stopped }))).toEqual({
      kind: 'stopped',
      reason: 'cap',
      at: CAP,
      fresh: false,
    });
    // Idle or locked makes no difference to a stop.
    expect(keepAlivePlan(input({ now: CAP + M, userAt: 0, state: stopped, system: 'locked' }))).toMatchObject({ fresh: false });
  });

  it('real activity after a stop starts afresh, with the cap counted from it', () => {
    const stopped = state({ lastAt: CAP, firstAt: 0, stopped: { at: CAP, reason: 'cap' } });
    const plan = keepAlivePlan(input({ now: CAP + M, userAt: CAP + M, state: stopped, session: idleEnd(CAP + M + 20 * S) }));
    expect(plan).toEqual({ kind: 'due', at: CAP + M + 15 * S, periodMs: 20 * S });
  });

  it('stops, fresh, when the last check since the last real activity said signed out', () => {
    const plan = keepAlivePlan(input({ now: 11 * M, userAt: 10 * M, lastCheck: check(10 * M + 15 * S, 'signed-out') }));
    expect(plan).toEqual({ kind: 'stopped', reason: 'signed-out', at: 10 * M + 15 * S, fresh: true });
  });

  it('a signed-out answer from before the last real activity is old news (the user signed in again)', () => {
    const plan = keepAlivePlan(input({ now: 10 * M, userAt: 10 * M, lastCheck: check(9 * M, 'signed-out') }));
    expect(plan).toMatchObject({ kind: 'due' });
  });

  it.each<[SiteCheck['result']]>([['signed-in'], ['unknown']])('a last check that said %s goes on', (result) => {
    expect(keepAlivePlan(input({ lastCheck: check(10 * M, result) }))).toMatchObject({ kind: 'due' });
  });

  it('a signed-out stop once told stays stopped, not fresh, until the user is back', () => {
    const told = state({ lastAt: 10 * M, stopped: { at: 10 * M + 15 * S, reason: 'signed-out' } });
    const lastCheck = check(10 * M + 15 * S, 'signed-out');
    expect(keepAlivePlan(input({ now: 12 * M, userAt: 10 * M, lastCheck, state: told }))).toEqual({
      kind: 'stopped',
      reason: 'signed-out',
      at: 10 * M + 15 * S,
      fresh: false,
    });
    expect(keepAlivePlan(input({ now: 13 * M, userAt: 12 * M, lastCheck, state: told, session: idleEnd(12 * M + 20 * S) }))).toMatchObject({
      kind: 'due',
    });
  });
});

/** Any input the worker could pass, around a clock of a few hours. */
const anyInput: fc.Arbitrary<KeepAliveInput> = fc
  .record({
    now: fc.integer({ min: 0, max: 12 * H }),
    keepAlive: fc.option(fc.boolean(), { nil: undefined }),
    checkUrl: fc.option(fc.constant(URL_ME), { nil: undefined }),
    session: fc.option(
      fc.oneof(
        fc
          .record({ endsAt: fc.integer({ min: 0, max: 13 * H }), ms: fc.integer({ min: S, max: 2 * H }) })
          .map((s) => idleEnd(s.endsAt, s.ms)),
        fc
          .record({ endsAt: fc.integer({ min: 0, max: 13 * H }), ms: fc.integer({ min: S, max: 2 * H }) })
          .map((s) => slidingCookie(s.endsAt, s.ms)),
        fc.integer({ min: 0, max: 13 * H }).map(fixedCookie),
        fc.integer({ min: 0, max: 13 * H }).map(tokenEnd),
        fc.constant(browserSession),
      ),
      { nil: null },
    ),
    userAt: fc.option(fc.integer({ min: 0, max: 12 * H }), { nil: null }),
    capMs: fc.integer({ min: M, max: 12 * H }),
    system: fc.constantFrom<SystemState | null>('active', 'idle', 'locked', null),
    lastCheck: fc.option(
      fc.record({
        at: fc.integer({ min: 0, max: 12 * H }),
        result: fc.constantFrom<SiteCheck['result']>('signed-in', 'signed-out', 'unknown'),
      }),
      { nil: null },
    ),
    state: fc.option(
      fc.record({
        lastAt: fc.option(fc.integer({ min: 0, max: 12 * H }), { nil: null }),
        firstAt: fc.option(fc.integer({ min: 0, max: 12 * H }), { nil: null }),
        stopped: fc.option(
          fc.record({ at: fc.integer({ min: 0, max: 12 * H }), reason: fc.constantFrom<'cap' | 'signed-out'>('cap', 'signed-out') }),
          { nil: null },
        ),
      }),
      { nil: null },
    ),
  })
  .map(({ keepAlive, checkUrl, lastCheck, ...rest }) => {
    const w: KeepAliveInput['w'] = {};
    if (keepAlive !== undefined) w.keepAlive = keepAlive;
    if (checkUrl !== undefined) w.checkUrl = checkUrl;
    return { ...rest, w, lastCheck: lastCheck && check(lastCheck.at, lastCheck.result) };
  });

const params = { seed: SEED, numRuns: 5_000 };

describe('keepAlivePlan properties', () => {
  it('never due more often than once per half period', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const plan = keepAlivePlan(i);
        if (plan.kind === 'due' && i.state?.lastAt != null) expect(plan.at).toBeGreaterThanOrEqual(i.state.lastAt + plan.periodMs / 2);
      }),
      params,
    );
  }, 30_000);

  it('never due when the system is not active, or without the idle permission', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        if (i.system !== 'active') expect(keepAlivePlan(i).kind).not.toBe('due');
      }),
      params,
    );
  }, 30_000);

  it('never due at or past the cap, counted from the last activity or else the first keep-alive', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const plan = keepAlivePlan(i);
        const from = i.userAt ?? i.state?.firstAt ?? null;
        if (plan.kind === 'due' && from !== null) expect(plan.at).toBeLessThan(from + i.capMs);
      }),
      params,
    );
  }, 30_000);

  it('never due for a fixed session, a switched-off site or one without a check URL', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const plan = keepAlivePlan(i);
        const fixed =
          i.session !== null && (i.session.endBy === 'token' || i.session.lifetime.kind === 'fixed') && i.session.endBy !== 'idle';
        if (fixed || !i.w.keepAlive || !i.w.checkUrl || i.session === null) expect(plan.kind).toBe('off');
      }),
      params,
    );
  }, 30_000);

  it('due never in the past, and never later than the margin before the end unless held by the half period', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const plan = keepAlivePlan(i);
        if (plan.kind !== 'due' || i.session?.endsAt == null) return;
        expect(plan.at).toBeGreaterThanOrEqual(i.now);
        const byEnd = i.session.endsAt - marginMs(plan.periodMs);
        const byLast = (i.state?.lastAt ?? -Infinity) + plan.periodMs / 2;
        expect(plan.at).toBe(Math.max(byEnd, byLast, i.now));
      }),
      params,
    );
  }, 30_000);

  it('a stop already stored, with no activity since, is never told again', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const plan = keepAlivePlan(i);
        const stop = i.state?.stopped;
        if (stop && (i.userAt === null || i.userAt <= stop.at) && plan.kind !== 'off') {
          expect(plan).toEqual({ kind: 'stopped', ...stop, fresh: false });
        }
      }),
      params,
    );
  }, 30_000);

  it('a user who stays at the computer keeps a 10 s to 2 h idle session alive until the cap, then it stops once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10 * S, max: 2 * H }), fc.integer({ min: M, max: 4 * H }), (period, capMs) => {
        // The worker's loop: plan, and at each due time request (the server renews the session), until a stop.
        let now = 0;
        let session = idleEnd(period, period);
        let kept = null as KeepAliveState | null;
        let requests = 0;
        let stopped = false;
        for (let step = 0; step < 100_000 && !stopped; step++) {
          const plan = keepAlivePlan({ ...input(), now, session, userAt: 0, capMs, state: kept });
          if (plan.kind === 'due') {
            // The session is still alive when its keep-alive goes.
            expect(plan.at).toBeLessThan(session.endsAt ?? 0);
            now = plan.at;
            const again = keepAlivePlan({ ...input(), now, session, userAt: 0, capMs, state: kept });
            if (again.kind !== 'due') continue;
            requests += 1;
            kept = { lastAt: now, firstAt: kept?.firstAt ?? now, stopped: null };
            session = idleEnd(now + period, period);
          } else {
            expect(plan).toMatchObject({ kind: 'stopped', reason: 'cap', fresh: true });
            expect(now).toBeLessThan(capMs + 1);
            stopped = true;
          }
        }
        expect(stopped).toBe(true);
        expect(requests).toBeLessThanOrEqual(Math.floor(capMs / (period / 2)) + 1);
        expect(session.endsAt).toBeGreaterThanOrEqual(Math.min(capMs, period));
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 30_000);
});

describe('keptSession', () => {
  const lived = (name: string, endsAt: number | null): Lived => ({
    ...cookieRecordOf(name, 'example.com', { expiresAt: endsAt }),
    endsAt,
    endBy: 'cookie',
  });

  it('is the session that ends soonest, one without an end only when none has one', () => {
    expect(keptSession([lived('a', 9_000), lived('b', 5_000), lived('c', null)])).toEqual({
      endsAt: 5_000,
      endBy: 'cookie',
      lifetime: { kind: 'fixed' },
    });
    expect(keptSession([lived('c', null)])).toEqual({ endsAt: null, endBy: 'cookie', lifetime: { kind: 'browser-session' } });
    expect(keptSession([])).toBeNull();
  });
});

describe('canKeepAlive and isKeptAlive', () => {
  const session = (fields: Partial<Lived>): Lived => ({
    ...cookieRecordOf('sessionid', 'bank.example', { expiresAt: 10 * M, refreshes: 3, grantMs: 30 * M }),
    endsAt: 10 * M,
    endBy: 'cookie',
    ...fields,
  });
  const slidingOne = session({});
  const idleOne = session({ expiresAt: null, endBy: 'idle', endIdle: { source: 'declared', ms: 20 * S } });
  const fixedOne = session({ refreshes: 0, grantMs: null });
  const tokenOne = session({ endBy: 'token' });
  const noTimeout = session({ expiresAt: null, endsAt: null });

  it('answers as the planner decides: renewable, fixed, or nothing says when it would end idle', () => {
    expect([slidingOne, idleOne, fixedOne, tokenOne, noTimeout].map(canKeepAlive)).toEqual([true, true, false, false, null]);
    for (const [s, plan] of [
      [slidingOne, 'due'],
      [fixedOne, 'off'],
      [noTimeout, 'off'],
    ] as const) {
      expect(keepAlivePlan({ ...input(), session: keptSession([s]) }).kind).toBe(plan);
    }
  });

  it('is kept alive only while on for a site with a check URL, not stopped, and renewable', () => {
    const on = { keepAlive: true, checkUrl: URL_ME };
    const state = (stopped: KeepAliveState['stopped']): KeepAliveState => ({ lastAt: null, firstAt: null, stopped });
    expect(isKeptAlive(on, undefined, slidingOne)).toBe(true);
    expect(isKeptAlive(on, state(null), idleOne)).toBe(true);
    expect(isKeptAlive(on, state({ at: 0, reason: 'cap' }), slidingOne)).toBe(false);
    expect(isKeptAlive({ checkUrl: URL_ME }, undefined, slidingOne)).toBe(false);
    expect(isKeptAlive({ keepAlive: true }, undefined, slidingOne)).toBe(false);
    expect(isKeptAlive(undefined, undefined, slidingOne)).toBe(false);
    expect(isKeptAlive(on, undefined, fixedOne)).toBe(false);
    expect(isKeptAlive(on, undefined, noTimeout)).toBe(false);
  });

  it('counts a kept-alive session with no warning lead, and every other one with its own', () => {
    const on = { keepAlive: true, checkUrl: URL_ME };
    const stoppedAtCap: KeepAliveState = { lastAt: null, firstAt: null, stopped: { at: 0, reason: 'cap' } };
    expect(statusLeadMs(on, undefined, slidingOne, 2 * M)).toBe(0);
    expect(statusLeadMs(on, stoppedAtCap, slidingOne, 2 * M)).toBe(2 * M);
    expect(statusLeadMs(on, undefined, fixedOne, 5 * M)).toBe(5 * M);
    expect(statusLeadMs(undefined, undefined, slidingOne, 2 * M)).toBe(2 * M);
  });
});

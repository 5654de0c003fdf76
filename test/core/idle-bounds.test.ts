import { describe, expect, it } from 'vitest';
import { hasBounds, learnGap, NO_BOUNDS, type IdleBounds, type IdleGap } from '../../src/core/idle-bounds';

/** Feeds the gaps in order, as the worker would. */
function learnAll(gaps: IdleGap[], from: IdleBounds = NO_BOUNDS): IdleBounds {
  return gaps.reduce(learnGap, from);
}

const survived = (gapMs: number, session = 1): IdleGap => ({ gapMs, outcome: 'survived', session });
const ended = (gapMs: number, session = 1): IdleGap => ({ gapMs, outcome: 'ended', session });

describe('learnGap', () => {
  it.each<[string, IdleGap[], Partial<IdleBounds>]>([
    ['nothing seen', [], { survivedMs: 0, endedMs: null, sessions: 0 }],
    ['one survived gap raises the lower bound', [survived(12_000)], { survivedMs: 12_000, endedMs: null, sessions: 1 }],
    ['a shorter survived gap changes nothing', [survived(12_000), survived(3_000)], { survivedMs: 12_000, endedMs: null, sessions: 1 }],
    ['one ended gap sets the upper bound', [ended(27_000)], { survivedMs: 0, endedMs: 27_000, sessions: 1 }],
    ['a shorter ended gap lowers it', [ended(27_000, 1), ended(22_000, 2)], { survivedMs: 0, endedMs: 22_000, sessions: 2 }],
    ['a longer ended gap keeps it', [ended(22_000, 1), ended(40_000, 2)], { survivedMs: 0, endedMs: 22_000, sessions: 2 }],
    [
      'two sessions: 19-22 s',
      [survived(5_000, 1), ended(27_000, 1), survived(19_000, 2), ended(22_000, 2)],
      { survivedMs: 19_000, endedMs: 22_000, sessions: 2 },
    ],
    [
      'a survived gap past the upper bound: the setting changed, the newest wins',
      [ended(20_000, 1), survived(30_000, 2)],
      { survivedMs: 30_000, endedMs: null, sessions: 2 },
    ],
    [
      'an ended gap below the lower bound: the newest wins',
      [survived(30_000, 1), ended(10_000, 2)],
      { survivedMs: 0, endedMs: 10_000, sessions: 2 },
    ],
    [
      'a clock set back teaches nothing',
      [survived(12_000), survived(-5_000), ended(-1)],
      { survivedMs: 12_000, endedMs: null, sessions: 1 },
    ],
    [
      'a gap that is not a number teaches nothing',
      [ended(Number.NaN), survived(Number.POSITIVE_INFINITY)],
      { survivedMs: 0, endedMs: null },
    ],
    ['a gap equal to the one that ended a session is an end', [ended(20_000, 1), ended(20_000, 2)], { endedMs: 20_000, sessions: 2 }],
  ])('%s', (_, gaps, expected) => {
    expect(learnAll(gaps)).toMatchObject(expected);
  });

  it('returns the very bounds when nothing changes, so nothing is written', () => {
    const bounds = learnAll([survived(12_000)]);
    expect(learnGap(bounds, survived(1_000))).toBe(bounds);
  });

  it('counts a session once however many gaps it gives', () => {
    expect(learnAll([survived(1_000, 7), survived(2_000, 7), survived(3_000, 7)]).sessions).toBe(1);
  });
});

describe('hasBounds', () => {
  it.each<[IdleBounds, boolean]>([
    [NO_BOUNDS, false],
    [{ ...NO_BOUNDS, survivedMs: 1 }, true],
    [{ ...NO_BOUNDS, endedMs: 20_000 }, true],
  ])('%j -> %s', (bounds, expected) => {
    expect(hasBounds(bounds)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { checkDue } from '../../src/background/warning-check';
import type { SiteCheck } from '../../src/core/server-check';

const check = (at: number): SiteCheck => ({ at, result: 'signed-in', status: 200, redirected: false, by: 'warning' });

describe('checkDue', () => {
  it.each<[string, SiteCheck | null, number | null, boolean]>([
    ['never checked, no activity known', null, null, true],
    ['never checked', null, 5, true],
    ['checked since the last activity', check(10), 5, false],
    ['checked in the same clock tick as the last activity (a coarse clock)', check(10), 10, false],
    ['active again since the check', check(10), 20, true],
    ['checked, and no activity known', check(10), null, false],
  ])('%s -> %s', (_name, last, userAt, due) => {
    expect(checkDue(last, userAt)).toBe(due);
  });
});

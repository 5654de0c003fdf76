import { describe, expect, it } from 'vitest';
import { endedAt, nextStatusChange, statusOf } from '../../src/core/status';
import type { LivedEnd } from '../../src/core/lifetime';
import type { CookieRecord } from '../../src/core/types';

const LEAD = 120_000;
type Input = Pick<LivedEnd, 'endsAt'> & Pick<CookieRecord, 'ended'>;
const live = (endsAt: number | null): Input => ({ endsAt, ended: null });

describe('statusOf', () => {
  it.each<[string, Input, number, string]>([
    ['far from the end', live(300_000), 0, 'active'],
    ['just outside the lead', live(300_000), 179_999, 'active'],
    ['at the lead', live(300_000), 180_000, 'expiring'],
    ['inside the lead', live(300_000), 299_000, 'expiring'],
    ['at the expiry', live(300_000), 300_000, 'expired'],
    ['after the expiry', live(300_000), 301_000, 'expired'],
    ['browser-session', live(null), 10 ** 12, 'browser-session'],
    ['logged out by the site', { endsAt: 300_000, ended: { cause: 'logged-out', at: 10 } }, 20, 'logged-out'],
    ['evicted', { endsAt: 300_000, ended: { cause: 'evicted', at: 10 } }, 20, 'logged-out'],
    ['gone from the store', { endsAt: null, ended: { cause: 'missing', at: 10 } }, 20, 'logged-out'],
    ['expired event', { endsAt: 300_000, ended: { cause: 'expired', at: 300_000 } }, 400_000, 'expired'],
  ])('%s', (_name, record, now, expected) => {
    expect(statusOf(record, now, LEAD)).toBe(expected);
  });
});

describe('endedAt', () => {
  it.each<[Input, number, number | null]>([
    [live(300_000), 299_999, null],
    [live(300_000), 300_000, 300_000],
    [live(null), 10 ** 12, null],
    [{ endsAt: 300_000, ended: { cause: 'logged-out', at: 42 } }, 50, 42],
  ])('%j at %i -> %s', (record, now, expected) => {
    expect(endedAt(record, now)).toBe(expected);
  });
});

describe('nextStatusChange', () => {
  it.each<[Input, number, number | null]>([
    [live(300_000), 0, 180_000],
    [live(300_000), 180_000, 300_000],
    [live(300_000), 250_000, 300_000],
    [live(300_000), 300_000, null],
    [live(null), 0, null],
    [{ endsAt: 300_000, ended: { cause: 'logged-out', at: 1 } }, 0, null],
  ])('%j at %i -> %s', (record, now, expected) => {
    expect(nextStatusChange(record, now, LEAD)).toBe(expected);
    if (expected !== null) {
      expect(statusOf(record, expected - 1, LEAD)).not.toBe(statusOf(record, expected, LEAD));
    }
  });
});

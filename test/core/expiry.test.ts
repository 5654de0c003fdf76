import { describe, expect, it } from 'vitest';
import { expiresAtOf, isExpired, remainingSeconds } from '../../src/core/expiry';
import { statusOf } from '../../src/core/status';

const LOGIN = Date.UTC(2026, 10, 26, 14, 0, 0);
const at = (seconds: number) => LOGIN + seconds * 1000;

describe('the reference scenario: set_expiry(N) at login', () => {
  it.each([
    [300, 0, true],
    [300, 100, true],
    [300, 299, true],
    [300, 301, false],
    [300, 350, false],
    [600, 301, true],
  ])('a %i s session is valid at %i s: %s', (lifetime, elapsed, valid) => {
    const expiresAt = at(lifetime);
    const remaining = remainingSeconds(expiresAt, at(elapsed));
    expect(remaining).toBe(lifetime - elapsed);
    expect(remaining! > 0).toBe(valid);
    expect(isExpired(expiresAt, at(elapsed))).toBe(!valid);
    expect(statusOf({ endsAt: expiresAt, ended: null }, at(elapsed), 0) === 'expired').toBe(!valid);
  });

  it('is expired at exactly zero remaining, as get_expiry_age() <= 0 means expired', () => {
    expect(isExpired(at(300), at(300))).toBe(true);
    expect(remainingSeconds(at(300), at(300))).toBe(0);
  });
});

describe('expiresAtOf', () => {
  it.each([
    [{ expirationDate: 1_000 }, 1_000_000],
    [{ expirationDate: 1_000.5 }, 1_000_500], // Firefox reports fractions of a second
    [{}, null], // browser-session cookie
    [{ expirationDate: Number.NaN }, null],
  ])('%j -> %s', (cookie, expected) => {
    expect(expiresAtOf(cookie)).toBe(expected);
  });
});

describe('remainingSeconds', () => {
  it('has no countdown for a browser-session cookie', () => {
    expect(remainingSeconds(null, at(5))).toBeNull();
    expect(isExpired(null, at(1e9))).toBe(false);
  });
  it('keeps fractions', () => {
    expect(remainingSeconds(1_000_500, 700_000)).toBe(300.5);
  });
});

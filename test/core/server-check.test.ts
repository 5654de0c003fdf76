import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { checkVerdict, SiteCheckShape } from '../../src/core/server-check';

describe('checkVerdict', () => {
  it.each([
    [200, null, undefined, 'signed-in'],
    [204, null, undefined, 'signed-in'],
    [401, null, undefined, 'signed-out'],
    [403, null, undefined, 'signed-out'],
    [440, null, undefined, 'signed-out'],
    [302, '/accounts/login/', undefined, 'signed-out'],
    [303, '/users/sign_in?next=/me', undefined, 'signed-out'],
    [302, '/welcome', '/welcome', 'signed-out'],
    [302, '/welcome/', '/welcome', 'signed-out'],
    [302, '/welcome', '/welcome/', 'signed-out'],
    [307, '/login', undefined, 'signed-out'],
    [308, '/Login', undefined, 'signed-out'],
    [302, '/login#top', undefined, 'signed-out'],
    [302, '/welcome?next=/me', '/welcome', 'signed-out'],
    [401, '/home', undefined, 'signed-out'],
    [299, null, undefined, 'signed-in'],
    [302, '/blog/login-tips', undefined, 'unknown'],
    [302, '/welcome', undefined, 'unknown'],
    [302, '/dashboard', '/welcome', 'unknown'],
    [302, '', undefined, 'unknown'],
    [500, null, undefined, 'unknown'],
    [404, null, undefined, 'unknown'],
    [0, null, undefined, 'unknown'],
  ] as const)('%i redirected to %j (login path %j) -> %s', (status, redirectPath, loginPath, verdict) => {
    expect(checkVerdict({ status, redirectPath }, loginPath)).toBe(verdict);
  });
});

describe('SiteCheckShape', () => {
  it.each([
    [{ at: 1, result: 'signed-in', status: 200, redirected: false, by: 'user' }, true],
    [{ at: 1, result: 'maybe', status: 200, redirected: false, by: 'user' }, false],
    [{ at: 1, result: 'signed-in', status: 2000, redirected: false, by: 'user' }, false],
    [{ at: Number.NaN, result: 'signed-in', status: 200, redirected: false, by: 'user' }, false],
    [{ at: 1, result: 'signed-in', status: 200, redirected: false, by: 'cron' }, false],
  ])('%j passes: %s', (check, expected) => {
    expect(v.is(SiteCheckShape, check)).toBe(expected);
  });
});

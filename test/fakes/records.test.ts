import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RecordShape } from '../../src/core/record-shape';
import { cookieInfoOf, cookieRecordOf } from './records';

describe('cookieInfoOf', () => {
  it('is a secure, HttpOnly, Lax browser-session cookie on / of the default store, host-only for a domain without a dot', () => {
    expect(cookieInfoOf('sid', 'example.com')).toEqual({
      name: 'sid',
      domain: 'example.com',
      path: '/',
      storeId: '0',
      hostOnly: true,
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
    });
    expect(cookieInfoOf('sid', '.example.com').hostOnly).toBe(false);
  });

  it('takes any field from fields', () => {
    expect(cookieInfoOf('sid', 'example.com', { secure: false, expirationDate: 5, hostOnly: false })).toMatchObject({
      secure: false,
      expirationDate: 5,
      hostOnly: false,
    });
  });
});

describe('cookieRecordOf', () => {
  it('is a stored record of the declared shape, its fields in the declared order', () => {
    const record = cookieRecordOf('s', 'a.test', { refreshes: 0, grantMs: null, tokenExpiresAt: null });
    expect(v.is(RecordShape, record)).toBe(true);
    expect(Object.keys(record)).toEqual(Object.keys(RecordShape.entries).filter((k) => k !== 'partition'));
  });

  it('names its id from its path, and takes any field from fields', () => {
    expect(cookieRecordOf('s', 'a.test')).toMatchObject({
      id: '0|a.test|/|s',
      expiresAt: null,
      firstSeen: 1,
      lastRefreshed: 1,
      ended: null,
    });
    expect(cookieRecordOf('s', '.a.test', { path: '/app', ended: { cause: 'missing', at: 2 } })).toMatchObject({
      id: '0|.a.test|/app|s',
      hostOnly: false,
      path: '/app',
      ended: { cause: 'missing', at: 2 },
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTokenTimes } from '../../src/core/jwt';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const jwt = (header: unknown, payload: unknown, signature = 'c2lnbmF0dXJl') =>
  `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;

describe('readTokenTimes', () => {
  it.each([
    [
      'exp and iat',
      jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', iat: 1_700_000_000, exp: 1_700_000_900 }),
      { expiresAt: 1_700_000_900_000, issuedAt: 1_700_000_000_000 },
    ],
    ['exp only', jwt({ alg: 'RS256' }, { exp: 1_800_000_000 }), { expiresAt: 1_800_000_000_000, issuedAt: null }],
    ['a fractional exp', jwt({ alg: 'HS256' }, { exp: 1_800_000_000.25 }), { expiresAt: 1_800_000_000_250, issuedAt: null }],
    [
      'alg none with an empty signature',
      jwt({ alg: 'none' }, { exp: 1_800_000_000 }, ''),
      { expiresAt: 1_800_000_000_000, issuedAt: null },
    ],
    ['a quoted value', `"${jwt({ alg: 'HS256' }, { exp: 1_800_000_000 })}"`, { expiresAt: 1_800_000_000_000, issuedAt: null }],
    ['a Bearer prefix', `Bearer%20${jwt({ alg: 'HS256' }, { exp: 1_800_000_000 })}`, { expiresAt: 1_800_000_000_000, issuedAt: null }],
  ])('reads %s', (_name, token, expected) => {
    expect(readTokenTimes(token)).toEqual(expected);
  });

  it.each([
    ['an opaque session id', 'k2j3h4g5f6d7s8a9'],
    [
      'a Django signed cookie',
      '.eJxVjDsOwjAQRO_iGlnr35pQ0nMGa9dr4wBypDipEHcnkVJAN5r3Zt4q0rrUuPY8x1HURRl1-u2Y0jO3HciD2n3SaWrLPLLeFX3Qrm-T5Nf1cP8OKvW6rVPKzDk5cJDRIXjIBUCM-MF5AGtxDAcwRQ8AIRgqQdvEXq2JFBM2OxvFXzW4:1m:abc',
    ],
    ['two parts', `${b64url('{"alg":"HS256"}')}.${b64url('{"exp":1}')}`],
    ['four parts', `${jwt({ alg: 'HS256' }, { exp: 1 })}.extra`],
    ['a header without alg', jwt({ typ: 'JWT' }, { exp: 1_800_000_000 })],
    ['alg of the wrong type', jwt({ alg: 5 }, { exp: 1_800_000_000 })],
    ['a payload that is a list', jwt({ alg: 'HS256' }, [1_800_000_000])],
    ['exp as a string', jwt({ alg: 'HS256' }, { exp: '1800000000' })],
    ['a negative exp', jwt({ alg: 'HS256' }, { exp: -5 })],
    ['a far-future exp', jwt({ alg: 'HS256' }, { exp: 1e300 })],
    ['no exp or iat', jwt({ alg: 'HS256' }, { sub: 'x' })],
    ['exp only on the prototype', jwt({ alg: 'HS256' }, { __proto__: { exp: 1_800_000_000 } })],
    ['a truncated payload', jwt({ alg: 'HS256' }, { exp: 1_800_000_000 }).replace(/\.[^.]+\./, (m) => `${m.slice(0, 6)}.`)],
    ['invalid UTF-8', `${b64url('{"alg":"HS256"}')}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.x`],
    ['markup', '<script>alert(1)</script>.<b>.</b>'],
    ['a huge value', `${jwt({ alg: 'HS256' }, { exp: 1_800_000_000, pad: 'x'.repeat(10_000) })}`],
    ['an empty string', ''],
  ])('ignores %s', (_name, value) => {
    expect(readTokenTimes(value)).toBeNull();
  });
});

describe('readTokenTimes over generated hostile input', () => {
  const params = { numRuns: 10_000, seed: 20261126 };

  it('never throws and returns null or plausible dates for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (value) => {
        const result = readTokenTimes(value);
        if (result !== null) {
          for (const t of [result.expiresAt, result.issuedAt]) {
            if (t !== null) expect(t >= 0 && t <= 253_402_300_799_000).toBe(true);
          }
        }
      }),
      params,
    );
  });

  it('never throws for three dot-separated base64url parts of random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.string({ maxLength: 20 }), (header, payload, signature) => {
        const value = `${b64url(JSON.stringify(header) ?? 'null')}.${b64url(JSON.stringify(payload) ?? 'null')}.${signature}`;
        expect(() => readTokenTimes(value)).not.toThrow();
      }),
      params,
    );
  });

  it('reads back any plausible exp it is given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), fc.string(), (exp, alg) => {
        expect(readTokenTimes(jwt({ alg }, { exp }))).toEqual({ expiresAt: exp * 1000, issuedAt: null });
      }),
      params,
    );
  });

  it('rejects any token cut short inside its payload', () => {
    const full = jwt({ alg: 'HS256' }, { exp: 1_800_000_000, sub: 'user-123456' });
    const [h, p] = full.split('.') as [string, string];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: p.length - 1 }), (cut) => {
        const result = readTokenTimes(`${h}.${p.slice(0, cut)}.sig`);
        expect(result === null || result.expiresAt === 1_800_000_000_000).toBe(true);
      }),
      { ...params, numRuns: 200 },
    );
  });
});

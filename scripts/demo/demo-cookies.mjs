/**
 * The Set-Cookie headers of the demo site, written the way the frameworks
 * they imitate write them (attribute order and casing included), so the demo
 * shows the extension what it meets on real sites. The end-to-end fixture
 * (test/e2e/server/set-cookie.ts) does the same for the tests; a test checks
 * the two agree on Django's header.
 */
import { randomBytes } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

/**
 * @param {string} alphabet
 * @param {number} length
 */
function randomFrom(alphabet, length) {
  let out = '';
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
}

/** httpDate(0) -> "Thu, 01 Jan 1970 00:00:00 GMT" */
const httpDate = (/** @type {number} */ ms) => new Date(ms).toUTCString();

/**
 * @typedef {object} DemoSession
 * @property {string} name
 * @property {number | null} seconds Max-Age or expires, in seconds; null for a browser-session cookie.
 * @property {(now: number) => string} issue
 */

/**
 * The demo's kinds of session. Each `issue(now)` returns the Set-Cookie
 * header that starts (or, for the sliding one, refreshes) it.
 * @satisfies {Record<string, DemoSession>}
 */
export const DEMO_SESSIONS = {
  /** Django after `login()` with SESSION_COOKIE_AGE = 300 (django/contrib/sessions/middleware.py). */
  django: {
    name: 'sessionid',
    seconds: 300,
    issue: (now) =>
      `sessionid=${randomFrom(LOWER_ALNUM, 32)}; expires=${httpDate(now + 300_000)}; HttpOnly; Max-Age=300; Path=/; SameSite=Lax`,
  },
  /** Rails' cookie store with `expire_after: 30.seconds`: lower-case attributes, expires only. */
  short: {
    name: '_demo_session',
    seconds: 30,
    issue: (now) =>
      `_demo_session=${randomBytes(48).toString('base64url')}--${randomFrom('0123456789abcdef', 40)}; path=/; expires=${httpDate(now + 30_000)}; httponly; samesite=lax`,
  },
  /**
   * Laravel re-sends its session cookie on every response, each time with a
   * fresh Max-Age (SESSION_LIFETIME = 3 minutes): a sliding session.
   */
  sliding: {
    name: 'laravel_session',
    seconds: 180,
    issue: (now) =>
      `laravel_session=${randomBytes(40).toString('base64url')}; expires=${httpDate(now + 180_000)}; Max-Age=180; path=/; httponly; samesite=lax`,
  },
  /** PHP's session_start() with session.cookie_lifetime = 0: gone when the browser closes. */
  browser: {
    name: 'PHPSESSID',
    seconds: null,
    issue: () => `PHPSESSID=${randomFrom('abcdefghijklmnopqrstuv0123456789', 26)}; path=/`,
  },
  /**
   * An access token whose JWT `exp` (1 minute) comes before the cookie's own
   * Max-Age (10 minutes). Unsigned (`alg: none`, RFC 7519 section 6): the
   * demo has no secret to sign with, and nothing ever verifies it.
   */
  jwt: {
    name: 'access_token',
    seconds: 600,
    issue: (now) => `access_token=${unsignedJwt(now, 60)}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax`,
  },
};

/**
 * An unsecured JWT: `<header>.<claims>.` with an empty signature.
 * @param {number} now
 * @param {number} tokenSeconds
 */
export function unsignedJwt(now, tokenSeconds) {
  const b64 = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(now / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: `demo-${randomFrom(LOWER_ALNUM, 8)}`, iat, exp: iat + tokenSeconds })}.`;
}

/** Django's `response.delete_cookie(name)`: an empty value that expired at the epoch, and Max-Age=0. */
/** @param {string} name */
export function deletion(name) {
  return `${name}=""; expires=${EPOCH}; Max-Age=0; Path=/`;
}

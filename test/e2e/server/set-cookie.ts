/**
 * Set-Cookie headers exactly as the frameworks the fixture imitates send them,
 * so the extension meets the same attribute orders, casings and quirks it meets
 * in the wild.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** A cookie a fixture response sets, with what the server knows about it. */
export interface IssuedCookie {
  name: string;
  value: string;
  header: string;
  /** Host-only cookies leave this null; `Domain=example.test` gives "example.test". */
  domain: string | null;
  /** When the cookie runs out (ms), null for a browser-session cookie, 0 for a deletion. */
  expiresAt: number | null;
  /** Substrings of the value that must never appear in the extension's storage or logs. */
  secrets: string[];
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Django's `http_date`: "Wed, 26 Nov 2025 04:10:00 GMT". */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

/**
 * Django's session middleware after `request.session.set_expiry(n)`
 * (django/contrib/sessions/middleware.py): a browser-session cookie for 0,
 * else both `expires` and `Max-Age`.
 */
export function djangoSession(now: number, expiry: number, key: string, domain: string | null): IssuedCookie {
  const parts = [`sessionid=${key}`];
  const expiresAt = expiry === 0 ? null : now + expiry * 1000;
  if (expiresAt !== null) parts.push(`expires=${httpDate(expiresAt)}`);
  if (domain) parts.push(`Domain=${domain}`);
  parts.push('HttpOnly');
  if (expiresAt !== null) parts.push(`Max-Age=${expiry}`);
  parts.push('Path=/', 'SameSite=Lax');
  return { name: 'sessionid', value: key, header: parts.join('; '), domain, expiresAt, secrets: [key] };
}

export function djangoSessionKey(): string {
  return randomFrom(LOWER_ALNUM, 32);
}

/** Django's `response.delete_cookie('sessionid')` after `logout()`. */
export function djangoLogout(domain: string | null): IssuedCookie {
  const parts = ['sessionid=""', `expires=${EPOCH}`];
  if (domain) parts.push(`Domain=${domain}`);
  parts.push('Max-Age=0', 'Path=/');
  return { name: 'sessionid', value: '""', header: parts.join('; '), domain, expiresAt: 0, secrets: [] };
}

/**
 * express-session with `cookie.maxAge` and `rolling: true`: the cookie is
 * `s:<sid>.<hmac>` url-encoded, with Expires only (no Max-Age), re-sent on
 * every response.
 */
export function expressSession(now: number, maxAgeSeconds: number, sid: string): IssuedCookie {
  const signature = createHmac('sha256', 'keyboard cat').update(sid).digest('base64').replace(/=+$/, '');
  const value = encodeURIComponent(`s:${sid}.${signature}`);
  // Expires has whole seconds: the browser's expiry is the truncated date.
  const expiresAt = Math.floor((now + maxAgeSeconds * 1000) / 1000) * 1000;
  return {
    name: 'connect.sid',
    value,
    header: `connect.sid=${value}; Path=/; Expires=${httpDate(expiresAt)}; HttpOnly`,
    domain: null,
    expiresAt,
    secrets: [value, sid, signature],
  };
}

export function expressSid(): string {
  return randomBytes(24).toString('base64url');
}

/** PHP's session_start() with session.cookie_lifetime = 0: lower-case `path`, nothing else. */
export function phpSession(): IssuedCookie {
  const id = randomFrom('abcdefghijklmnopqrstuv0123456789', 26);
  return { name: 'PHPSESSID', value: id, header: `PHPSESSID=${id}; path=/`, domain: null, expiresAt: null, secrets: [id] };
}

/**
 * An access token cookie whose JWT `exp` comes before the cookie's own expiry:
 * only the cookie's expiry is the browser's business (and the extension's).
 */
export function jwtAccessToken(now: number, tokenSeconds: number, cookieSeconds: number): IssuedCookie {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ sub: randomFrom(LOWER_ALNUM, 12), iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + tokenSeconds });
  const signature = createHmac('sha256', randomBytes(16)).update(`${header}.${payload}`).digest('base64url');
  const token = `${header}.${payload}.${signature}`;
  const expiresAt = now + cookieSeconds * 1000;
  return {
    name: 'access_token',
    value: token,
    header: `access_token=${token}; Max-Age=${cookieSeconds}; Path=/; HttpOnly; SameSite=Lax`,
    domain: null,
    expiresAt,
    secrets: [token, payload, signature],
  };
}

/**
 * A cookie name made of markup. Neither Chromium 156 nor Firefox 153 accepts
 * `=` in a cookie name (the header splits there; cookies.set rejects it), so
 * a name cannot carry an event handler with a value; it can carry elements,
 * which is what a view that parses names as HTML would create. Both browsers
 * store this name verbatim. The value carries the handler, in case a view
 * ever renders values.
 */
export const HOSTILE_NAME = '"><img src onerror><b>x</b>';
export const XSS_FLAG = '__sessionWatchXss';

export function hostileCookie(now: number, maxAgeSeconds: number): IssuedCookie {
  const token = randomFrom(LOWER_ALNUM, 20);
  const value = `"><img src=x onerror=window.${XSS_FLAG}=1>${token}`;
  const expiresAt = now + maxAgeSeconds * 1000;
  return {
    name: HOSTILE_NAME,
    value,
    header: `${HOSTILE_NAME}=${value}; Max-Age=${maxAgeSeconds}; Path=/`,
    domain: null,
    expiresAt,
    secrets: [token],
  };
}

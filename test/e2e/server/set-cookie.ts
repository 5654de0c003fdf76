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
  /** When the JWT in the value expires (ms), for a token cookie. */
  tokenExpiresAt?: number;
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
  // Expires has whole seconds, but both browsers read it against the response's Date header
  // (whole seconds too) and count the difference, exactly maxAge, from the response's arrival.
  const expiresAt = now + maxAgeSeconds * 1000;
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
  const exp = Math.floor(now / 1000) + tokenSeconds;
  const payload = b64({ sub: randomFrom(LOWER_ALNUM, 12), iat: Math.floor(now / 1000), exp });
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
    tokenExpiresAt: exp * 1000,
  };
}

/** A preference cookie a site sets for everyone, logged in or not: readable by scripts, a year long, not a session. */
export function themeCookie(now: number): IssuedCookie {
  const maxAge = 31_536_000;
  return {
    name: 'theme',
    value: 'dark',
    header: `theme=dark; Max-Age=${maxAge}; Path=/; SameSite=Lax`,
    domain: null,
    expiresAt: now + maxAge * 1000,
    secrets: [],
  };
}

/**
 * `count` preference cookies at once (`pref00`, `pref01`, …), each living
 * `maxAgeSeconds` plus 7 s more than the one before, so they sort by name:
 * enough rows for the popup to lay out only those near its view.
 */
export function preferenceCookies(now: number, count: number, maxAgeSeconds: number): IssuedCookie[] {
  const width = String(Math.max(0, count - 1)).length;
  return Array.from({ length: count }, (_, i) => {
    const name = `pref${String(i).padStart(width, '0')}`;
    const value = randomFrom(LOWER_ALNUM, 20);
    const maxAge = maxAgeSeconds + i * 7;
    return {
      name,
      value,
      header: `${name}=${value}; Max-Age=${maxAge}; Path=/; SameSite=Lax`,
      domain: null,
      expiresAt: now + maxAge * 1000,
      secrets: [value],
    };
  });
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

/**
 * Cookies a hostile or careless site may set, by kind: names with markup, a
 * right-to-left override, emoji, and about 4 KB of name and value (both
 * browsers take at most 4096 bytes of name plus value). Each value carries
 * markup and a random token, so a value that reached storage or a log is found.
 * Non-ASCII goes out as UTF-8 bytes, as a real server sends it.
 */
export const HOSTILE_KINDS = ['markup', 'rtl', 'emoji', 'long-name', 'long-value'] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export function hostileNameOf(kind: HostileKind): string {
  switch (kind) {
    case 'markup':
      return HOSTILE_NAME;
    case 'rtl':
      // U+202E RIGHT-TO-LEFT OVERRIDE, then U+202C POP DIRECTIONAL FORMATTING: "sid" then "exe.gpj" shown reversed.
      return 'sid\u202Eexe.gpj\u202C<i>';
    case 'emoji':
      return '\u{1F36A}session\u{1F525}\u200D<svg>';
    case 'long-name':
      return `session_${'W'.repeat(1200)}`;
    case 'long-value':
      return 'big_value';
  }
}

export function hostileKindCookie(now: number, kind: HostileKind, maxAgeSeconds: number): IssuedCookie {
  const token = randomFrom(LOWER_ALNUM, 20);
  const name = hostileNameOf(kind);
  const base = `"><img src=x onerror=window.${XSS_FLAG}=1>\u202E\u{1F36A}${token}`;
  const long = kind === 'long-name' || kind === 'long-value';
  // 4,000 bytes of name and value together: near the limit, not over it.
  const value = long ? `${base}${'v'.repeat(4000 - Buffer.byteLength(name) - Buffer.byteLength(base))}` : base;
  const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  return {
    name,
    value,
    header: `${latin1(name)}=${latin1(value)}; Max-Age=${maxAgeSeconds}; Path=/`,
    domain: null,
    expiresAt: now + maxAgeSeconds * 1000,
    secrets: [token],
  };
}

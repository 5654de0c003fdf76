/**
 * Which cookies are logins. Frameworks name their session cookies in known
 * ways; for the rest, the flags a careful site sets on a login cookie and
 * what happened to it (set on a login, removed on a logout) are the evidence.
 */
import { markOf } from './settings';
import type { WatchedDomain } from './settings-defaults';
import type { CookieRecord } from './types';

/** Exact names, after any __Secure- or __Host- prefix is removed. */
const KNOWN: Record<string, string> = {
  sessionid: 'Django',
  PHPSESSID: 'PHP',
  JSESSIONID: 'Java',
  JSESSIONIDSSO: 'Java',
  'connect.sid': 'Express',
  'express:sess': 'Express',
  'koa.sess': 'Koa',
  'koa:sess': 'Koa',
  'sails.sid': 'Sails',
  'ASP.NET_SessionId': 'ASP.NET',
  '.AspNetCore.Session': 'ASP.NET Core',
  '.AspNetCore.Cookies': 'ASP.NET Core',
  '.AspNetCore.Identity.Application': 'ASP.NET Core',
  '.ASPXAUTH': 'ASP.NET',
  laravel_session: 'Laravel',
  ci_session: 'CodeIgniter',
  CAKEPHP: 'CakePHP',
  session: 'Flask',
  SESSION: 'Spring',
  'rack.session': 'Rack',
  _session_id: 'Rails',
  KEYCLOAK_SESSION: 'Keycloak',
  KEYCLOAK_IDENTITY: 'Keycloak',
  KEYCLOAK_SESSION_LEGACY: 'Keycloak',
  'authjs.session-token': 'Auth.js',
  'next-auth.session-token': 'NextAuth.js',
  _gitlab_session: 'GitLab',
  'wp-settings': 'WordPress',
};

/** Name shapes with a variable part: Rails `_<app>_session`, Drupal `SSESS<hash>`, classic ASP, WordPress. */
const PATTERNS: [RegExp, string][] = [
  [/^_[A-Za-z0-9-]+_session$/, 'Rails'],
  [/^S?SESS[0-9a-f]{32}$/, 'Drupal'],
  [/^ASPSESSIONID[A-Z]{8}$/, 'ASP'],
  [/^wordpress_logged_in_[0-9a-f]{32}$/, 'WordPress'],
  [/^(authjs|next-auth)\.session-token\.\d+$/, 'Auth.js'],
];

/** Words that make an unknown name look like a login. */
const SESSIONISH = /sess|sid$|^sid|auth|login|token|jwt|identity|logged/i;

/** sessionFramework("__Secure-next-auth.session-token") -> "NextAuth.js"; ("theme") -> null */
export function sessionFramework(name: string): string | null {
  const bare = name.replace(/^__(Secure|Host)-/, '');
  const known = KNOWN[bare];
  if (known !== undefined && Object.prototype.hasOwnProperty.call(KNOWN, bare)) return known;
  for (const [pattern, framework] of PATTERNS) if (pattern.test(bare)) return framework;
  return null;
}

/** What the worker has seen a cookie go through, besides its name and flags. */
export interface SessionEvidence {
  /** The site removed it (a logout) at least once. */
  loggedOut?: boolean;
}

/**
 * Whether a cookie is shown as a session by default: a known framework name,
 * or a login-like name on an HttpOnly cookie, or any cookie the site removed
 * on a logout. The user's own marking overrides this (see the popup).
 * isSessionCookie({name: 'sessionid', httpOnly: false}) -> true
 * isSessionCookie({name: 'theme', httpOnly: true}) -> false
 */
export function isSessionCookie(record: Pick<CookieRecord, 'name' | 'httpOnly'>, evidence: SessionEvidence = {}): boolean {
  if (sessionFramework(record.name) !== null) return true;
  if (evidence.loggedOut) return true;
  return record.httpOnly && SESSIONISH.test(record.name);
}

/**
 * Whether a cookie is a session of the site it is listed under: the user's
 * mark for that name on that site, else what its name and flags say.
 * isSiteSession({name: 'theme', httpOnly: false}, {marks: {theme: true}}) -> true
 */
export function isSiteSession(record: Pick<CookieRecord, 'name' | 'httpOnly'>, w: Pick<WatchedDomain, 'marks'> | undefined): boolean {
  return markOf(w, record.name) ?? isSessionCookie(record);
}

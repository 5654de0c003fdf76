/**
 * The cookie and the cookie record most tests start from, so a test spells out
 * only what it is about. Fields come in the order the cookies API and
 * RecordShape declare them: a test of stored JSON text sees the same text.
 */
import type { CookieInfo, CookieRecord } from '../../src/core/types';

/**
 * A cookie as the cookies API reports it, minus its value: path "/", the
 * default store, Secure, HttpOnly, SameSite=Lax, host-only unless the domain
 * starts with a dot, and no expiry (a browser-session cookie) unless `fields`
 * give one.
 * cookieInfoOf('sid', 'example.com', { secure: false }) ->
 *   { name: 'sid', domain: 'example.com', path: '/', storeId: '0', hostOnly: true, secure: false, httpOnly: true, sameSite: 'lax' }
 */
export function cookieInfoOf(name: string, domain: string, fields: Partial<CookieInfo> = {}): CookieInfo {
  return {
    name,
    domain,
    path: '/',
    storeId: '0',
    hostOnly: !domain.startsWith('.'),
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    ...fields,
  };
}

/**
 * The record the worker keeps of such a cookie: live, no expiry, first seen
 * and last set at 1 ms, and none of the optional fields unless `fields` give
 * them. The id is the cookie's identity in the default store; a test that
 * moves the cookie to another store or path passes its id too where it matters.
 * cookieRecordOf('s', 'a.test') ->
 *   { id: '0|a.test|/|s', name: 's', domain: 'a.test', path: '/', storeId: '0', hostOnly: true, secure: true,
 *     httpOnly: true, sameSite: 'lax', expiresAt: null, firstSeen: 1, lastRefreshed: 1, ended: null }
 */
export function cookieRecordOf(name: string, domain: string, fields: Partial<CookieRecord> = {}): CookieRecord {
  const path = fields.path ?? '/';
  return {
    id: `0|${domain}|${path}|${name}`,
    name,
    domain,
    path,
    storeId: '0',
    hostOnly: !domain.startsWith('.'),
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    expiresAt: null,
    firstSeen: 1,
    lastRefreshed: 1,
    ended: null,
    ...fields,
  };
}

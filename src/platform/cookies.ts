/**
 * The cookies API, reduced to what is watched: a cookie's value is dropped
 * right here, so no other code ever holds one.
 */
import browser, { type Cookies } from 'webextension-polyfill';
import type { ChangeCause, CookieInfo } from '../core/types';

/** One cookies.onChanged event, without the cookie's value. */
export interface CookieChange {
  removed: boolean;
  cause: ChangeCause;
  cookie: CookieInfo;
}

/** What the hot path may look at before deciding to care: no value, no copying. */
export type CookieScope = Pick<CookieInfo, 'domain' | 'hostOnly'>;

/** toCookieInfo(browserCookie) -> the same cookie minus value (and Firefox's partition fields). */
export function toCookieInfo(c: Cookies.Cookie): CookieInfo {
  const info: CookieInfo = {
    name: c.name,
    domain: c.domain,
    path: c.path,
    storeId: c.storeId,
    hostOnly: c.hostOnly,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite,
  };
  if (!c.session && typeof c.expirationDate === 'number') info.expirationDate = c.expirationDate;
  return info;
}

/** Ids of every cookie store: the normal one, each private window's, each Firefox container's. */
export async function cookieStoreIds(): Promise<string[]> {
  return (await browser.cookies.getAllCookieStores()).map((s) => s.id);
}

function isFirstPartyIsolationError(e: unknown): boolean {
  return e instanceof Error && /firstPartyDomain/i.test(e.message);
}

/**
 * Every cookie of `site` and its subdomains in one store (only those of
 * hosts we have access to: the browser filters).
 */
export async function cookiesOfSite(storeId: string, site: string): Promise<CookieInfo[]> {
  let found: Cookies.Cookie[];
  try {
    found = await browser.cookies.getAll({ domain: site, storeId });
  } catch (e) {
    // Firefox with First-Party Isolation refuses getAll without firstPartyDomain;
    // null means "any". Chromium rejects the key, so it is only sent on retry.
    // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/cookies#first-party_isolation
    if (!isFirstPartyIsolationError(e)) throw e;
    found = await browser.cookies.getAll({ domain: site, storeId, firstPartyDomain: null });
  }
  return found.map(toCookieInfo);
}

/**
 * Subscribes to cookie changes. The browser calls us for every cookie any
 * site sets, so `wanted` sees the browser's own object first and an event
 * it declines costs nothing more; only wanted ones are copied, without value.
 */
export function onCookieChanged(wanted: (c: CookieScope) => boolean, cb: (change: CookieChange) => void): () => void {
  const listener = (info: Cookies.OnChangedChangeInfoType) => {
    if (!wanted(info.cookie)) return;
    cb({ removed: info.removed, cause: info.cause, cookie: toCookieInfo(info.cookie) });
  };
  browser.cookies.onChanged.addListener(listener);
  return () => browser.cookies.onChanged.removeListener(listener);
}

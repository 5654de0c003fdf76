/**
 * The cookies API, reduced to what is watched: a cookie's value is read once
 * right here, for the expiry of a JWT in it, and dropped, so no other code
 * ever holds one.
 */
import browser, { type Cookies } from 'webextension-polyfill';
import { readTokenTimes } from '../core/jwt';
import type { ChangeCause, CookieInfo } from '../core/types';

/** One cookies.onChanged event, without the cookie's value. */
export interface CookieChange {
  removed: boolean;
  cause: ChangeCause;
  cookie: CookieInfo;
  /**
   * For an add that completes an overwrite pair: whether the value differs
   * from the one it replaced (a new session id), as far as the pair can
   * tell; null when it cannot. The values are compared here and dropped.
   */
  valueChanged?: boolean | null;
}

/** What the hot path may look at before deciding to care: no value, no copying. */
export type CookieScope = Pick<CookieInfo, 'domain' | 'hostOnly'>;

/**
 * toCookieInfo(browserCookie) -> the same cookie minus its value (and Firefox's
 * first-party fields), plus when a JWT in the value expires and the top-level
 * site of a partitioned cookie.
 */
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
    tokenExpiresAt: readTokenTimes(c.value)?.expiresAt ?? null,
  };
  if (!c.session && typeof c.expirationDate === 'number') info.expirationDate = c.expirationDate;
  const partition = c.partitionKey?.topLevelSite;
  if (typeof partition === 'string' && partition !== '') info.partition = partition;
  return info;
}

function pairKey(c: CookieInfo): string {
  return `${c.storeId}|${c.domain}|${c.path}|${c.name}|${c.partition ?? ''}`;
}

/** Firefox has runtime.getBrowserInfo; Chromium has not. */
function isFirefox(): boolean {
  return typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function';
}

/**
 * Whether an overwrite pair replaced the value. Chromium's removal carries
 * the old value, so the two compare. Firefox's carries the new one, but
 * Firefox fires nothing for an identical re-send: a pair for a cookie with
 * no expiry (nothing else of it moves when a site re-sends it) means a new
 * value; for one with an expiry the pair may be only the expiry moving.
 * docs/browser-behaviour.md#cookie-events
 */
function changedInPair(removedValue: string, addedValue: string, cookie: CookieInfo): boolean | null {
  if (removedValue !== addedValue) return true;
  if (!isFirefox()) return false;
  return cookie.expirationDate === undefined ? true : null;
}

/** Ids of every cookie store: the normal one, each private window's, each Firefox container's. */
export async function cookieStoreIds(): Promise<string[]> {
  return (await browser.cookies.getAllCookieStores()).map((s) => s.id);
}

function mentions(e: unknown, key: string): boolean {
  return e instanceof Error && e.message.toLowerCase().includes(key.toLowerCase());
}

/**
 * getAll, retried without what this browser refuses. `partitionKey: {}`
 * asks for partitioned (CHIPS) cookies too, which both browsers leave out
 * otherwise; one without the key (Chromium before 119) rejects it, and gets
 * the plain call. Firefox with First-Party Isolation refuses getAll without
 * firstPartyDomain, where null means "any"; Chromium rejects that key, so it
 * is only sent on retry.
 * https://developer.chrome.com/docs/extensions/reference/api/cookies#partitioning
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/cookies/getAll
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/cookies#first-party_isolation
 */
async function getAll(details: Cookies.GetAllDetailsType): Promise<Cookies.Cookie[]> {
  try {
    return await browser.cookies.getAll(details);
  } catch (e) {
    if (details.partitionKey !== undefined && mentions(e, 'partitionKey')) {
      const { partitionKey: _unsupported, ...plain } = details;
      return getAll(plain);
    }
    if (!('firstPartyDomain' in details) && mentions(e, 'firstPartyDomain')) return getAll({ ...details, firstPartyDomain: null });
    throw e;
  }
}

/**
 * Every cookie of `site` and its subdomains in one store, partitioned ones
 * included where the browser lists them (only those of hosts we have access
 * to: the browser filters).
 */
export async function cookiesOfSite(storeId: string, site: string): Promise<CookieInfo[]> {
  return (await getAll({ domain: site, storeId, partitionKey: {} })).map(toCookieInfo);
}

/**
 * Subscribes to cookie changes. The browser calls us for every cookie any
 * site sets, so `wanted` sees the browser's own object first and an event
 * it declines costs nothing more: its value is never looked at. Only wanted
 * ones are copied, without value. `wanted` may answer later (a worker just
 * woken has not read its settings yet); the events keep their order.
 */
export function onCookieChanged(wanted: (c: CookieScope) => boolean | Promise<boolean>, cb: (change: CookieChange) => void): () => void {
  // The value an overwrite removal carried, until the add that completes its pair (the next wanted event).
  let replaced: { key: string; value: string } | null = null;
  const deliver = (info: Cookies.OnChangedChangeInfoType) => {
    const cookie = toCookieInfo(info.cookie);
    const key = pairKey(cookie);
    if (info.removed) {
      replaced = info.cause === 'overwrite' ? { key, value: info.cookie.value } : null;
      cb({ removed: true, cause: info.cause, cookie });
      return;
    }
    const valueChanged = replaced?.key === key ? changedInPair(replaced.value, info.cookie.value, cookie) : null;
    replaced = null;
    cb({ removed: false, cause: info.cause, cookie, valueChanged });
  };
  const listener = (info: Cookies.OnChangedChangeInfoType) => {
    const answer = wanted(info.cookie);
    if (answer === true) deliver(info);
    else if (answer !== false) {
      // A failed answer is the caller's to report (it made the promise); the event is dropped.
      void answer.then(
        (yes) => (yes ? deliver(info) : undefined),
        () => undefined,
      );
    }
  };
  browser.cookies.onChanged.addListener(listener);
  return () => browser.cookies.onChanged.removeListener(listener);
}

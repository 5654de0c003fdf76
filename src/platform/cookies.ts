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
  const deliver = (info: Cookies.OnChangedChangeInfoType) =>
    cb({ removed: info.removed, cause: info.cause, cookie: toCookieInfo(info.cookie) });
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

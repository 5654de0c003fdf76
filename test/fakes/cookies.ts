import type { Cookies } from 'webextension-polyfill';
import { browserMode, fakeClock } from './clock';
import { FakeEvent } from './events';
import { cookieAccessible } from './permissions';

/**
 * browser.cookies as Chromium 156 and Firefox 153 behave (docs/browser-behaviour.md#cookie-events):
 * a set over an existing cookie is a removal with cause "overwrite" then an
 * insert; a set with an expiry in the past removes ("expired_overwrite" in
 * Chromium, "explicit" in Firefox); expiry is lazy (Chromium drops an expired
 * cookie with an "expired" event when the store is read, Firefox keeps
 * handing it back); expirationDate is in seconds, with a fraction in
 * Firefox; browser-session cookies have none. Each container and private
 * window is a separate store. A partitioned (CHIPS) cookie is a separate
 * cookie per top-level site, listed by getAll only when asked for with
 * `partitionKey` (Chromium 119+, Firefox 94+), which an older browser
 * refuses as an unexpected property.
 */

type Cookie = Cookies.Cookie;
type ChangeInfo = Cookies.OnChangedChangeInfoType;

interface Store {
  incognito: boolean;
  cookies: Map<string, Cookie>;
}

const state = {
  stores: new Map<string, Store>(),
  containers: 0,
  hostFilter: true,
  partitions: true,
};

const onChanged = new FakeEvent<(changeInfo: ChangeInfo) => void>();

function defaultStoreId(): string {
  return browserMode() === 'chromium' ? '0' : 'firefox-default';
}

function partitionOf(c: { partitionKey?: Cookies.PartitionKey }): string | undefined {
  return c.partitionKey?.topLevelSite || undefined;
}

function keyOf(c: { domain: string; path: string; name: string; partitionKey?: Cookies.PartitionKey }): string {
  return `${c.domain}|${c.path}|${c.name}|${partitionOf(c) ?? ''}`;
}

function rejectUnsupportedPartitionKey(details: object): void {
  if (!state.partitions && 'partitionKey' in details) {
    throw new Error("Error at parameter 'details': Unexpected property: 'partitionKey'.");
  }
}

/**
 * Which partitions a getAll, set or remove means: none given = unpartitioned
 * cookies only; `{}` = every cookie, partitioned or not; a topLevelSite =
 * that partition (as Firefox documents it).
 */
function partitionMatches(asked: Cookies.PartitionKey | undefined, c: Cookie): boolean {
  if (asked === undefined) return partitionOf(c) === undefined;
  if (!asked.topLevelSite) return true;
  return partitionOf(c) === asked.topLevelSite;
}

function host(domain: string): string {
  return domain.replace(/^\./, '').toLowerCase();
}

function isExpired(c: Cookie): boolean {
  return c.expirationDate !== undefined && c.expirationDate * 1000 <= fakeClock.now();
}

function visible(c: Cookie): boolean {
  return !state.hostFilter || cookieAccessible(c);
}

/**
 * Both browsers deliver cookies.onChanged in a later task, after the change
 * is in the store: a listener never runs inside the call (or the response)
 * that changed the cookie, and a getAll made right after the change already
 * sees it. Events keep their order. Access is judged when the change happens.
 */
function emit(removed: boolean, cause: Cookies.OnChangedCause, cookie: Cookie): void {
  if (!visible(cookie)) return;
  const info = { removed, cause, cookie: { ...cookie } };
  delivery.pending += 1;
  queueMicrotask(() => {
    delivery.pending -= 1;
    onChanged.dispatch(info);
  });
}

/** cookies.onChanged events changed but not yet delivered. */
const delivery = { pending: 0 };

function storeOf(storeId: string | undefined): Store {
  const store = state.stores.get(storeId ?? defaultStoreId());
  if (!store) throw new Error(`Invalid cookie store id: "${storeId}"`);
  return store;
}

/** Chromium hands out whole seconds; Firefox keeps the millisecond fraction. */
function seconds(ms: number): number {
  return browserMode() === 'chromium' ? Math.floor(ms / 1000) : ms / 1000;
}

function domainMatches(requestHost: string, c: Cookie): boolean {
  const h = host(c.domain);
  return c.hostOnly ? requestHost === h : requestHost === h || requestHost.endsWith(`.${h}`);
}

/** RFC 6265 5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function urlMatches(url: URL, c: Cookie): boolean {
  return (
    domainMatches(url.hostname.toLowerCase(), c) && pathMatches(url.pathname || '/', c.path) && (!c.secure || url.protocol === 'https:')
  );
}

/** RFC 6265 5.1.4 default-path: the directory of the request path. */
function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

function identical(a: Cookie, b: Cookie): boolean {
  return (
    a.value === b.value &&
    a.expirationDate === b.expirationDate &&
    a.secure === b.secure &&
    a.httpOnly === b.httpOnly &&
    a.sameSite === b.sameSite
  );
}

/** Chromium drops expired cookies when something reads the store, and says so. */
function purgeExpired(store: Store): void {
  if (browserMode() !== 'chromium') return;
  for (const [k, c] of [...store.cookies]) {
    if (!isExpired(c)) continue;
    store.cookies.delete(k);
    emit(true, 'expired', c);
  }
}

/** Stores `next` the way a Set-Cookie header or cookies.set does, firing the browser's events. */
function write(storeId: string, next: Cookie): void {
  const store = storeOf(storeId);
  const key = keyOf(next);
  let existing = store.cookies.get(key);
  if (existing && isExpired(existing)) {
    // The lazily expired cookie is only now noticed (Firefox: "expired only when the name is set again").
    store.cookies.delete(key);
    emit(true, 'expired', existing);
    existing = undefined;
  }
  if (isExpired(next)) {
    if (!existing) return;
    store.cookies.delete(key);
    emit(true, browserMode() === 'chromium' ? 'expired_overwrite' : 'explicit', existing);
    return;
  }
  if (existing) {
    if (browserMode() === 'firefox' && identical(existing, next)) {
      store.cookies.set(key, next);
      return;
    }
    store.cookies.delete(key);
    // Firefox's overwrite event already carries the new cookie.
    emit(true, 'overwrite', browserMode() === 'chromium' ? existing : next);
  }
  store.cookies.set(key, next);
  emit(false, 'explicit', next);
}

function build(
  url: URL,
  d: {
    name?: string;
    value?: string;
    domain?: string;
    path?: string;
    secure?: boolean;
    httpOnly?: boolean;
    sameSite?: Cookies.SameSiteStatus;
    expirationDate?: number;
    partitionKey?: Cookies.PartitionKey;
  },
  storeId: string,
): Cookie {
  const hostOnly = d.domain === undefined || d.domain === '';
  const cookie = {
    name: d.name ?? '',
    value: d.value ?? '',
    domain: hostOnly ? url.hostname.toLowerCase() : `.${host(d.domain ?? '')}`,
    hostOnly,
    path: d.path ?? defaultPath(url),
    secure: d.secure ?? false,
    httpOnly: d.httpOnly ?? false,
    sameSite: d.sameSite ?? (browserMode() === 'chromium' ? 'unspecified' : 'no_restriction'),
    session: d.expirationDate === undefined,
    storeId,
    ...(d.expirationDate === undefined ? {} : { expirationDate: d.expirationDate }),
    ...(browserMode() === 'firefox' ? { firstPartyDomain: '' } : {}),
    ...(d.partitionKey?.topLevelSite ? { partitionKey: { topLevelSite: d.partitionKey.topLevelSite } } : {}),
  };
  // Chromium's cookies carry no firstPartyDomain although the shared type says so.
  return cookie as Cookie;
}

function sorted(list: Cookie[]): Cookie[] {
  // Longest path first, as both browsers list cookies for a request.
  return list.sort((a, b) => b.path.length - a.path.length);
}

function rejectFirstPartyDomain(details: object): void {
  if (browserMode() === 'chromium' && 'firstPartyDomain' in details) {
    throw new Error("Error at parameter 'details': Unexpected property: 'firstPartyDomain'.");
  }
}

export const cookies = {
  getAllCookieStores: async (): Promise<Cookies.CookieStore[]> =>
    [...state.stores].map(([id, s]) =>
      browserMode() === 'firefox' ? { id, tabIds: [], incognito: s.incognito } : ({ id, tabIds: [] } as unknown as Cookies.CookieStore),
    ),

  getAll: async (details: Cookies.GetAllDetailsType): Promise<Cookie[]> => {
    rejectFirstPartyDomain(details);
    rejectUnsupportedPartitionKey(details);
    const store = storeOf(details.storeId);
    purgeExpired(store);
    const url = details.url === undefined ? null : new URL(details.url);
    const domain = details.domain === undefined ? null : host(details.domain);
    const out = [...store.cookies.values()].filter(
      (c) =>
        visible(c) &&
        (domain === null || host(c.domain) === domain || host(c.domain).endsWith(`.${domain}`)) &&
        (url === null || urlMatches(url, c)) &&
        (details.name === undefined || c.name === details.name) &&
        (details.path === undefined || c.path === details.path) &&
        (details.secure === undefined || c.secure === details.secure) &&
        (details.session === undefined || c.session === details.session) &&
        partitionMatches(details.partitionKey, c),
    );
    return sorted(out).map((c) => ({ ...c }));
  },

  get: async (details: Cookies.GetDetailsType): Promise<Cookie | null> => {
    const [first] = await cookies.getAll({ url: details.url, name: details.name, storeId: details.storeId });
    return first ?? null;
  },

  set: async (details: Cookies.SetDetailsType): Promise<Cookie> => {
    rejectFirstPartyDomain(details);
    rejectUnsupportedPartitionKey(details);
    const storeId = details.storeId ?? defaultStoreId();
    storeOf(storeId);
    const { url, storeId: _s, firstPartyDomain: _f, ...rest } = details;
    const expirationDate = rest.expirationDate === undefined ? undefined : seconds(rest.expirationDate * 1000);
    const next = build(new URL(url), { ...rest, expirationDate }, storeId);
    write(storeId, next);
    return { ...next };
  },

  remove: async (details: Cookies.RemoveDetailsType): Promise<Cookies.RemoveCallbackDetailsType | null> => {
    const storeId = details.storeId ?? defaultStoreId();
    const store = storeOf(storeId);
    const url = new URL(details.url);
    const [victim] = sorted(
      [...store.cookies.values()].filter((c) => c.name === details.name && urlMatches(url, c) && partitionMatches(details.partitionKey, c)),
    );
    if (!victim || !visible(victim)) return null;
    store.cookies.delete(keyOf(victim));
    emit(true, 'explicit', victim);
    return { url: details.url, name: details.name, storeId, firstPartyDomain: '' };
  },

  onChanged,
};

/** What a site's Set-Cookie header says. */
export interface SetCookieHeader {
  /** The response's URL: its host becomes a host-only cookie's domain, its directory the default path. */
  url: string;
  name: string;
  value: string;
  /** The Domain attribute: makes a domain cookie (".example.com"). */
  domain?: string;
  path?: string;
  /** Max-Age in seconds from now; 0 or less removes the cookie (a logout). */
  maxAge?: number;
  /** Expires as epoch ms; ignored when maxAge is given. */
  expires?: number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: Cookies.SameSiteStatus;
  /** The store of the tab that got the response; the default store if absent. */
  storeId?: string;
  /** CHIPS `Partitioned`, set in a frame embedded in this top-level site ("https://top.example"). */
  partitioned?: string;
}

/** Test controls: what sites and the user do to the cookie jar. */
export const fakeCookies = {
  /** How many cookies.onChanged events are on their way (the store already changed). */
  undelivered(): number {
    return delivery.pending;
  },
  /** Resolves once every cookies.onChanged event on its way has been delivered to the listeners. */
  async delivered(): Promise<void> {
    while (delivery.pending > 0) await Promise.resolve();
  },
  /** A response with a Set-Cookie header arrives; the store changes at once, its events fire just after (see emit). */
  receive(h: SetCookieHeader): void {
    const storeId = h.storeId ?? defaultStoreId();
    const now = fakeClock.now();
    const expiresMs = h.maxAge !== undefined ? now + h.maxAge * 1000 : h.expires;
    const expirationDate = expiresMs === undefined ? undefined : seconds(expiresMs);
    const { partitioned, ...header } = h;
    const partitionKey = partitioned === undefined ? undefined : { topLevelSite: partitioned };
    write(storeId, build(new URL(h.url), { ...header, expirationDate, partitionKey }, storeId));
  },

  /** Opens a private window (or a Firefox container) and returns its store id. */
  addStore(kind: 'private' | 'container'): string {
    const mode = browserMode();
    if (kind === 'container' && mode === 'chromium') throw new Error('Chromium has no containers');
    const id = kind === 'private' ? (mode === 'chromium' ? '1' : 'firefox-private') : `firefox-container-${++state.containers}`;
    if (!state.stores.has(id)) state.stores.set(id, { incognito: kind === 'private', cookies: new Map() });
    return id;
  },

  defaultStoreId,

  /** A container is removed (with its cookies, as Firefox does); no cookie events. */
  removeStore(storeId: string): void {
    state.stores.delete(storeId);
  },

  /** Whether getAll, set and remove take `partitionKey` (on by default, as in current browsers). */
  supportPartitions(on: boolean): void {
    state.partitions = on;
  },

  /**
   * The browser quits and starts again: browser-session cookies, private
   * windows and expired cookies are gone, and no event says so.
   */
  restartBrowser(): void {
    for (const [id, store] of [...state.stores]) {
      if (store.incognito) {
        state.stores.delete(id);
        continue;
      }
      for (const [k, c] of [...store.cookies]) if (c.session || isExpired(c)) store.cookies.delete(k);
    }
  },

  /** Whether getAll and onChanged hide cookies of hosts without access (on by default, as in the browsers). */
  filterByHostAccess(on: boolean): void {
    state.hostFilter = on;
  },

  /** Every cookie in a store, values included, without events or access checks: for assertions. */
  jar(storeId?: string): Cookie[] {
    return [...storeOf(storeId).cookies.values()].map((c) => ({ ...c }));
  },
};

export function resetCookies(): void {
  state.stores = new Map([[defaultStoreId(), { incognito: false, cookies: new Map() }]]);
  state.containers = 0;
  state.hostFilter = true;
  state.partitions = true;
  onChanged.clear();
}

/**
 * Which cookies belong to which watched domain, following RFC 6265 §5.1.3
 * domain-match. No Public Suffix List here (the popup ships this file):
 * a watched domain carries its registrable `site`, and parent-domain cookies
 * count only down to that site.
 */
import type { WatchedDomain } from './settings-defaults';

type CookieDomain = { domain: string; hostOnly: boolean };
type Watched = Pick<WatchedDomain, 'domain' | 'site'>;

/** bareHost("[::1]") -> "::1": cookie stores and URLs disagree on IPv6 brackets. */
function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** isIpLiteral("127.0.0.1") -> true; isIpLiteral("example.com") -> false */
export function isIpLiteral(host: string): boolean {
  const bare = bareHost(host);
  return bare.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(bare);
}

/** cookieHost(".Example.com") -> "example.com" */
export function cookieHost(domain: string): string {
  return bareHost((domain.startsWith('.') ? domain.slice(1) : domain).toLowerCase());
}

/** isUnder("a.b.example.com", "example.com") -> true: host equals domain or is a subdomain of it. */
function isUnder(host: string, domain: string): boolean {
  return host === domain || (host.length > domain.length && host.endsWith(domain) && host[host.length - domain.length - 1] === '.');
}

/**
 * Whether a cookie is one of w's: a cookie of w.domain or any subdomain
 * (host-only or not), or a domain cookie of a parent that the browser sends
 * to w.domain, no higher than w.site.
 * cookieMatches({domain: '.example.com', hostOnly: false}, {domain: 'app.example.com', site: 'example.com'}) -> true
 */
export function cookieMatches(cookie: CookieDomain, w: Watched): boolean {
  const host = cookieHost(cookie.domain);
  const domain = bareHost(w.domain);
  if (isIpLiteral(domain)) return host === domain;
  if (isUnder(host, domain)) return true;
  return !cookie.hostOnly && isUnder(domain, host) && isUnder(host, bareHost(w.site));
}

/**
 * The watched domain a cookie is listed under: the most specific one that
 * holds it, else the first whose parent-domain rule takes it in.
 * siteFor({domain: 'x.app.example.com', hostOnly: true}, [example.com, app.example.com]) -> app.example.com
 */
export function siteFor<W extends Watched>(cookie: CookieDomain, watched: readonly W[]): W | undefined {
  const host = cookieHost(cookie.domain);
  let best: W | undefined;
  for (const w of watched) {
    const domain = bareHost(w.domain);
    if (isUnder(host, domain) && (!best || domain.length > bareHost(best.domain).length)) best = w;
  }
  return best ?? watched.find((w) => cookieMatches(cookie, w));
}

/**
 * The watched domain that covers a page's host (the current tab), if any.
 * hostIsWatched("shop.example.com", [example.com]) -> example.com
 */
export function hostIsWatched<W extends Watched>(host: string, watched: readonly W[]): W | undefined {
  const bare = cookieHost(host);
  let best: W | undefined;
  for (const w of watched) {
    const domain = bareHost(w.domain);
    const covers = isIpLiteral(domain) ? bare === domain : isUnder(bare, domain);
    if (covers && (!best || domain.length > bareHost(best.domain).length)) best = w;
  }
  return best;
}

/**
 * siteFor for many cookies at once: the same answer for
 * every cookie, found in O(labels of its host) instead of O(watched
 * domains). With 5,000 cookies on 500 sites the popup asks this 5,000 times
 * on opening, and a filter asks again as the user types.
 * siteIndex([example.com, app.example.com])({domain: 'x.app.example.com', hostOnly: true}) -> app.example.com
 */
export function siteIndex<W extends Watched>(watched: readonly W[]): (cookie: CookieDomain) => W | undefined {
  // The cookie's host or a parent of it is a watched domain: the longest one wins.
  const byDomain = new Map<string, W>();
  // A domain cookie of a parent the browser sends to a watched domain, no higher than its site: the first in the list wins.
  const byParent = new Map<string, W>();
  for (const w of watched) {
    const domain = bareHost(w.domain);
    if (!byDomain.has(domain)) byDomain.set(domain, w);
  }
  for (const w of watched) {
    const domain = bareHost(w.domain);
    if (isIpLiteral(domain)) continue;
    const site = bareHost(w.site);
    for (let i = domain.indexOf('.'); i !== -1; i = domain.indexOf('.', i + 1)) {
      const parent = domain.slice(i + 1);
      if (isUnder(parent, site) && !byParent.has(parent)) byParent.set(parent, w);
    }
  }
  return (cookie) => {
    const host = cookieHost(cookie.domain);
    const own = byDomain.get(host);
    if (own) return own;
    for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
      const found = byDomain.get(host.slice(i + 1));
      if (found) return found;
    }
    return cookie.hostOnly ? undefined : byParent.get(host);
  };
}

export interface WatchIndex {
  covers(cookie: CookieDomain): boolean;
}

/**
 * A lookup for the worker's hot path, answering cookieMatches against every
 * watched domain at once in O(labels of the cookie's host).
 */
export function buildWatchIndex(watched: readonly Watched[]): WatchIndex {
  const exact = new Set<string>();
  const names = new Set<string>();
  const parents = new Set<string>();
  for (const w of watched) {
    const domain = bareHost(w.domain);
    exact.add(domain);
    if (isIpLiteral(domain)) continue;
    names.add(domain);
    const site = bareHost(w.site);
    for (let i = domain.indexOf('.'); i !== -1; i = domain.indexOf('.', i + 1)) {
      const parent = domain.slice(i + 1);
      if (!isUnder(parent, site)) break;
      parents.add(parent);
    }
  }
  return {
    covers(cookie) {
      const host = cookieHost(cookie.domain);
      if (exact.has(host)) return true;
      if (!cookie.hostOnly && parents.has(host)) return true;
      for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
        if (names.has(host.slice(i + 1))) return true;
      }
      return false;
    },
  };
}

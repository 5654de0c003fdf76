import { cookieHost, isIpLiteral } from '../core/matching';
import type { WatchedDomain } from '../core/settings-defaults';

type CookieDomain = { domain: string; hostOnly: boolean };
type Watched = Pick<WatchedDomain, 'domain' | 'site'>;

/** bareHost("[::1]") -> "::1", as core/matching compares hosts. */
function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** isUnder("a.example.com", "example.com") -> true: the host is the domain or a subdomain of it. */
function isUnder(host: string, domain: string): boolean {
  return host === domain || (host.length > domain.length && host.endsWith(domain) && host[host.length - domain.length - 1] === '.');
}

/**
 * siteFor (core/matching) for many cookies at once: the same answer for
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

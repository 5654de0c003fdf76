/**
 * Host permission match patterns for a watched domain: the domain and its
 * subdomains, plus each parent host down to the registrable site, because
 * the cookies API hands out a parent-domain cookie (Domain=example.com) only
 * with access to that parent's host.
 * originsFor({domain: 'app.example.com', site: 'example.com'})
 *   -> ['*://app.example.com/*', '*://*.app.example.com/*', '*://example.com/*']
 */
import { isIpLiteral } from './matching';

export function originsFor(w: { domain: string; site: string }): string[] {
  if (isIpLiteral(w.domain)) {
    const host = w.domain.includes(':') && !w.domain.startsWith('[') ? `[${w.domain}]` : w.domain;
    return [`*://${host}/*`];
  }
  const origins = [`*://${w.domain}/*`, `*://*.${w.domain}/*`];
  for (let i = w.domain.indexOf('.'); i !== -1; i = w.domain.indexOf('.', i + 1)) {
    const parent = w.domain.slice(i + 1);
    if (parent !== w.site && !parent.endsWith(`.${w.site}`)) break;
    origins.push(`*://${parent}/*`);
  }
  return origins;
}

const PATTERN = /^(\*|[a-z][a-z0-9+.-]*):\/\/([^/]*)\//;

/**
 * Whether host access granted for the pattern `granted` includes access for
 * `wanted`, from the patterns alone. Paths are not compared (host access
 * ignores them). It answers true only where that is certain; a false may
 * still be granted in a way the browser knows better (ask it then).
 * patternCovers('*://*.example.com/*', '*://app.example.com/*') -> true
 * patternCovers('*://example.com/*', '*://*.example.com/*') -> false
 */
export function patternCovers(granted: string, wanted: string): boolean {
  if (granted === '<all_urls>') return true;
  const g = PATTERN.exec(granted);
  const w = PATTERN.exec(wanted);
  if (!g || !w) return false;
  const [, gScheme = '', gHost = ''] = g;
  const [, wScheme = '', wHost = ''] = w;
  const schemeOk = gScheme === wScheme || (gScheme === '*' && (wScheme === 'http' || wScheme === 'https'));
  if (!schemeOk) return false;
  if (gHost === '*' || gHost === wHost) return true;
  if (!gHost.startsWith('*.')) return false;
  const base = gHost.slice(2);
  const host = wHost.startsWith('*.') ? wHost.slice(2) : wHost;
  return host === base || host.endsWith(`.${base}`);
}

/** The watched domains whose host patterns are not all covered by the granted ones. */
export function uncoveredDomains<W extends { domain: string; site: string }>(domains: readonly W[], granted: readonly string[]): W[] {
  return domains.filter((w) => !originsFor(w).every((o) => granted.some((g) => patternCovers(g, o))));
}

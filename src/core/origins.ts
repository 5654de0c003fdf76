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

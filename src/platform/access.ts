import browser from 'webextension-polyfill';
import { originsFor, uncoveredDomains } from '../core/origins';
import { hasOrigins } from './permissions';

/**
 * The watched domains the extension may not read the cookies of. One
 * permissions.getAll() answers for every domain it plainly covers; only the
 * rest are asked about one by one, so the browser's own rules decide those.
 */
export async function domainsWithoutAccess(domains: readonly { domain: string; site: string }[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const granted = (await browser.permissions.getAll()).origins ?? [];
  const unsure = uncoveredDomains(domains, granted);
  const missing = await Promise.all(unsure.map((w) => hasOrigins(originsFor(w)).then((ok) => (ok ? null : w.domain))));
  return missing.filter((d): d is string => d !== null);
}

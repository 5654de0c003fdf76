/** A click on one of our notifications: bring up the site it is about. */
import { hostIsWatched, isIpLiteral } from '../core/matching';
import type { Settings } from '../core/settings-defaults';
import { clearNotification } from '../platform/notifications';
import { focusTab, openTab, visibleTabs } from '../platform/tabs';
import { parseNoticeId } from './notice-id';
import { pageHost } from '../core/page-host';

export interface NoticeClickDeps {
  /** The current settings (the worker's cache). */
  settings(): Promise<Settings>;
}

/**
 * siteUrl('example.com') -> "https://example.com/"; siteUrl('127.0.0.1') -> "http://127.0.0.1/";
 * siteUrl('::1') -> "http://[::1]/". An IP or localhost rarely has a certificate, a named site nearly always does.
 */
export function siteUrl(domain: string): string {
  const local = isIpLiteral(domain) || domain === 'localhost' || domain.endsWith('.localhost');
  const host = domain.includes(':') && !domain.startsWith('[') ? `[${domain}]` : domain;
  return `${local ? 'http' : 'https'}://${host}/`;
}

/** Focuses an open tab of the notice's site, or opens the site; then dismisses the notice. Ids not ours are ignored. */
export async function openNoticeSite(deps: NoticeClickDeps, id: string): Promise<void> {
  const target = parseNoticeId(id);
  if (!target) return;
  try {
    const settings = await deps.settings();
    // The domain may have been unwatched since: its own host is still the place to go.
    const w = settings.domains.find((d) => d.domain === target.site) ?? { domain: target.site, site: target.site };
    const tab = (await visibleTabs()).find((page) => {
      const host = pageHost(page.url);
      return host !== null && hostIsWatched(host, [w]) !== undefined;
    });
    if (tab) await focusTab(tab);
    else await openTab(siteUrl(target.site));
  } finally {
    await clearNotification(id);
  }
}

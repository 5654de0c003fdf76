import { statusLeadMs, type KeepAliveLog } from '../core/keep-alive';
import { asLived, type ServerKnowledge } from '../core/lifetime';
import { cookieHost } from '../core/matching';
import { leadMsFor } from '../core/settings';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import { statusOf } from '../core/status';
import type { CookieRecord } from '../core/types';
import { t } from '../ui/text';

export interface FilterContext {
  /** The watched domain a cookie is listed under (siteFor, or the popup's faster index of it). */
  watchedOf: (record: CookieRecord) => WatchedDomain | undefined;
  settings: Pick<Settings, 'leadMinutes'>;
  server: ServerKnowledge;
  /** Each site's keep-alive state: a session keep-alive renews is not "Expiring soon", as its row says. */
  keepAlive: Readonly<KeepAliveLog>;
  now: number;
}

/**
 * The rows whose site, cookie name or status (as the row says it at `now`)
 * contains the query, ignoring case; all of them for a blank query. Order
 * is kept.
 * filterRows([sessionid on example.com, _ga on other.org], 'EXAMPLE', ctx) -> [sessionid on example.com]
 */
export function filterRows(
  records: readonly CookieRecord[],
  query: string,
  { watchedOf, settings, server, keepAlive, now }: FilterContext,
): readonly CookieRecord[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return records;
  return records.filter((record) => {
    const w = watchedOf(record);
    const domain = w?.domain ?? cookieHost(record.domain);
    if (domain.toLowerCase().includes(needle) || record.name.toLowerCase().includes(needle)) return true;
    const lived = asLived(record, w, server);
    const status = statusOf(lived, now, statusLeadMs(w, w ? keepAlive[w.domain] : undefined, lived, leadMsFor(settings, w)));
    return t(`status_${status}`).toLowerCase().includes(needle);
  });
}

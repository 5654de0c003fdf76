import type { KeepAliveLog } from '../core/keep-alive';
import type { ServerKnowledge } from '../core/lifetime';
import { cookieHost } from '../core/matching';
import { leadMsFor, markOf } from '../core/settings';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { ChecksLog } from '../core/server-check';
import type { Response } from '../core/messages';
import type { Clock } from '../ui/clock';
import { storeText } from '../ui/store-text';
import { t } from '../ui/text';
import { CookieRow } from './cookie-row';

interface CookieTableProps {
  /** Already in display order. */
  records: readonly CookieRecord[];
  settings: Pick<Settings, 'leadMinutes' | 'keepAliveCapMinutes'>;
  /** The watched domain a cookie is listed under. */
  watchedOf: (record: CookieRecord) => WatchedDomain | undefined;
  /** What the worker saw of the servers. */
  server: ServerKnowledge;
  /** Container names by cookie store id. */
  storeNames: Readonly<Record<string, string>>;
  clock: Clock;
  onClear: (id: string) => void;
  onMark: (domain: string, name: string, mark: boolean | null) => void;
  /** Every site's last check and keep-alive, by watched domain. */
  checks: Readonly<ChecksLog>;
  keepAlive: Readonly<KeepAliveLog>;
  onCheck: (domain: string) => Promise<Response<'checkNow'>>;
}

/**
 * Rows per <tbody>. A ticking countdown is laid out on its own (it is
 * contained), but the browser then rebuilds the boxes of its ancestors, and
 * a body's box holds all of its rows: with 500 rows in one body that rebuild
 * was half of every tick's layout. Bodies of 25 rows keep it small, and each
 * is painted as a layer of its own (popup.css), so a tick repaints its body only.
 */
export const ROWS_PER_BODY = 25;

/** bodies([a, …, z]) -> [[a … y], [z]]: the rows in bodies of ROWS_PER_BODY. */
function bodies<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_BODY) out.push(rows.slice(i, i + ROWS_PER_BODY));
  return out;
}

/**
 * The table of watched cookies. Rows are keyed by cookie id, so a change
 * moves or updates a row within its body; a row pushed across a body's edge
 * (a row added or removed above it) is built anew in the next body.
 */
export function CookieTable(props: CookieTableProps) {
  const { records, settings, watchedOf, server, storeNames, clock, onClear, onMark } = props;
  // The site line goes on each checked site's first row shown.
  const lined = new Set<string>();
  return (
    <table class="cookies">
      <caption>{t('tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="col-site">
            {t('columnSite')}
          </th>
          <th scope="col" class="col-name">
            {t('columnCookie')}
          </th>
          <th scope="col" class="col-expires">
            {t('columnExpires')}
          </th>
          <th scope="col" class="col-remaining">
            {t('columnRemaining')}
          </th>
          <th scope="col" class="col-status">
            {t('columnStatus')}
          </th>
        </tr>
      </thead>
      {bodies(records).map((rows, i) => (
        <tbody key={i}>
          {rows.map((record) => {
            const watched = watchedOf(record);
            const first = watched?.checkUrl !== undefined && !lined.has(watched.domain);
            if (first) lined.add(watched.domain);
            // Plain values only, so a row whose data did not change skips its render.
            return (
              <CookieRow
                key={record.id}
                record={record}
                watchedDomain={watched?.domain ?? cookieHost(record.domain)}
                idleMinutes={watched?.idleMinutes ?? null}
                server={server}
                leadMs={leadMsFor(settings, watched)}
                keepAliveSite={watched}
                keepAliveState={watched ? props.keepAlive[watched.domain] : undefined}
                store={storeText(record.storeId, storeNames)}
                mark={markOf(watched, record.name)}
                clock={clock}
                onClear={onClear}
                onMark={onMark}
                siteLine={
                  first
                    ? {
                        check: props.checks[watched.domain],
                        kept: props.keepAlive[watched.domain],
                        keepAlive: watched.keepAlive === true,
                        capMinutes: settings.keepAliveCapMinutes,
                        onCheck: props.onCheck,
                      }
                    : null
                }
              />
            );
          })}
        </tbody>
      ))}
    </table>
  );
}

import { cookieHost } from '../core/matching';
import { leadMsFor } from '../core/settings';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { Clock } from '../ui/clock';
import { storeText } from '../ui/store-text';
import { text } from '../ui/text';
import { CookieRow } from './cookie-row';
import { markOf } from '../core/settings';

interface CookieTableProps {
  /** Already in display order. */
  records: readonly CookieRecord[];
  settings: Pick<Settings, 'leadMinutes'>;
  /** The watched domain a cookie is listed under. */
  siteOf: (record: CookieRecord) => WatchedDomain | undefined;
  /** Container names by cookie store id. */
  storeNames: Readonly<Record<string, string>>;
  clock: Clock;
  onClear: (id: string) => void;
  onMark: (site: string, name: string, mark: boolean | null) => void;
}

/** The table of watched cookies; rows are keyed by cookie id so a change moves or updates rows, never rebuilds them. */
export function CookieTable({ records, settings, siteOf, storeNames, clock, onClear, onMark }: CookieTableProps) {
  return (
    <table class="cookies">
      <caption>{text('tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="col-site">
            {text('columnSite')}
          </th>
          <th scope="col" class="col-name">
            {text('columnCookie')}
          </th>
          <th scope="col" class="col-expires">
            {text('columnExpires')}
          </th>
          <th scope="col" class="col-remaining">
            {text('columnRemaining')}
          </th>
          <th scope="col" class="col-status">
            {text('columnStatus')}
          </th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => {
          const watched = siteOf(record);
          // Plain values only, so a row whose data did not change skips its render.
          return (
            <CookieRow
              key={record.id}
              record={record}
              site={watched?.domain ?? cookieHost(record.domain)}
              idleMinutes={watched?.idleMinutes ?? null}
              leadMs={leadMsFor(settings, watched)}
              store={storeText(record.storeId, storeNames)}
              mark={markOf(watched, record.name)}
              clock={clock}
              onClear={onClear}
              onMark={onMark}
            />
          );
        })}
      </tbody>
    </table>
  );
}

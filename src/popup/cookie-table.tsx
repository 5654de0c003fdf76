import { cookieHost, siteFor } from '../core/matching';
import { leadMsFor } from '../core/settings';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { text } from '../ui/text';
import type { Clock } from '../ui/clock';
import { CookieRow } from './cookie-row';

interface CookieTableProps {
  /** Already in display order. */
  records: readonly CookieRecord[];
  settings: Pick<Settings, 'domains' | 'leadMinutes'>;
  clock: Clock;
  onClear: (id: string) => void;
}

/** The table of watched cookies; rows are keyed by cookie id so a change moves or updates rows, never rebuilds them. */
export function CookieTable({ records, settings, clock, onClear }: CookieTableProps) {
  return (
    <table class="cookies">
      <caption>{text('tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="col-site">{text('columnSite')}</th>
          <th scope="col" class="col-name">{text('columnCookie')}</th>
          <th scope="col" class="col-expires">{text('columnExpires')}</th>
          <th scope="col" class="col-remaining">{text('columnRemaining')}</th>
          <th scope="col" class="col-status">{text('columnStatus')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => {
          const watched = siteFor(record, settings.domains);
          return (
            <CookieRow
              key={record.id}
              record={record}
              site={watched?.domain ?? cookieHost(record.domain)}
              leadMs={leadMsFor(settings, watched)}
              clock={clock}
              onClear={onClear}
            />
          );
        })}
      </tbody>
    </table>
  );
}

import { formatDateTime, isoInstant } from '../core/format';
import type { HistoryEvent } from '../core/history';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { eventDetail } from './event-detail';
import { eventKeys } from './event-keys';
import { kindGroup, kindText } from './kinds';
import { storeName } from './store-name';

interface EventTableProps {
  /** Oldest first; listed newest first. */
  events: readonly HistoryEvent[];
  storeNames: Readonly<Record<string, string>>;
  /** The id of the heading that names the table. */
  labelledBy: string;
}

/** Every event shown, newest first: when, which site, what happened, to which cookie, in which store. */
export function EventTable({ events, storeNames, labelledBy }: EventTableProps) {
  const locale = pageLocale();
  const keys = eventKeys(events);
  const rows = events.map((e, i) => ({ e, key: keys[i], detail: eventDetail(e, locale) })).reverse();
  return (
    <table class="events" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('historyColumnTime')}</th>
          <th scope="col">{t('columnSite')}</th>
          <th scope="col">{t('historyColumnEvent')}</th>
          <th scope="col">{t('columnCookie')}</th>
          <th scope="col">{t('historyColumnStore')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ e, key, detail }) => (
          <tr key={key}>
            <td class="time">
              <time dateTime={isoInstant(e.at)}>{formatDateTime(e.at, locale)}</time>
            </td>
            <td>{e.site}</td>
            <td>
              <span class={`swatch kind-${kindGroup(e.kind)}`} aria-hidden="true" />
              {kindText(e.kind)}
              {detail !== null && <> {detail}</>}
            </td>
            <td class="name">{e.name}</td>
            <td>{storeName(e.storeId, storeNames)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

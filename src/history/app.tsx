import { useCallback, useMemo, useState } from 'preact/hooks';
import { toCsv, toJson } from '../core/history';
import { type Clock, systemClock } from '../ui/clock';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { ClearHistory } from './clear-history';
import { downloadFile } from '../ui/download-file';
import { exportName } from './export-name';
import { EventTable } from './event-table';
import type { HistoryActions, HistoryModel } from './history-model';
import { Timeline } from './timeline';
import { formatCount } from '../core/format';

export interface AppProps {
  model: HistoryModel;
  actions: HistoryActions;
  /** Dates the exported files; a fixed one in tests. */
  clock?: Pick<Clock, 'now'>;
}

/** The history page: a timeline per site, the events as a table, export and clear. */
export function App({ model, actions, clock = systemClock }: AppProps) {
  const { events, storeNames } = model;
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const domains = useMemo(() => [...new Set(events.map((e) => e.site))].sort((a, b) => a.localeCompare(b)), [events]);
  // A watched domain whose history is gone (cleared, trimmed) leaves the choice: all of them again.
  const domain = domains.includes(chosen) ? chosen : '';
  const shown = useMemo(() => (domain === '' ? events : events.filter((e) => e.site === domain)), [events, domain]);

  const exportAs = (kind: 'csv' | 'json') => {
    setError(null);
    try {
      if (kind === 'csv') downloadFile(exportName('csv', clock.now()), 'text/csv;charset=utf-8', toCsv(shown));
      else downloadFile(exportName('json', clock.now()), 'application/json', toJson(shown));
    } catch {
      setError(t('historyFailed'));
    }
  };

  const onClear = useCallback(
    (which: string | null) => {
      setError(null);
      setStatus('');
      return actions.clearHistory(which ?? undefined).then(
        () => setStatus(t('historyCleared')),
        () => setError(t('historyFailed')),
      );
    },
    [actions],
  );

  return (
    <main>
      <h1>{t('historyTitle')}</h1>
      <p class="hint">{t('historyIntro')}</p>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {events.length === 0 ? (
        <section class="empty">
          <p class="empty-title">{t('historyEmpty')}</p>
          <p class="hint">{t('historyEmptyHint')}</p>
        </section>
      ) : (
        <>
          <div class="toolbar">
            <div class="site-filter">
              <label for="site-filter">{t('historySiteFilter')}</label>
              <select id="site-filter" value={domain} onChange={(e) => setChosen(e.currentTarget.value)}>
                <option value="">{t('historyAllSites')}</option>
                {domains.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
            <div class="actions">
              <button type="button" onClick={() => exportAs('csv')}>
                {t('historyExportCsv')}
              </button>
              <button type="button" onClick={() => exportAs('json')}>
                {t('historyExportJson')}
              </button>
              <ClearHistory domain={domain === '' ? null : domain} onClear={onClear} />
            </div>
          </div>
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t('historyTimelineHeading')}</h2>
            <Timeline events={shown} />
          </section>
          <section aria-labelledby="events-heading">
            <h2 id="events-heading">{t('historyEventsHeading')}</h2>
            <p class="hint">{t('historyEventCount', formatCount(shown.length, pageLocale()))}</p>
            <EventTable events={shown} storeNames={storeNames} labelledBy="events-heading" />
          </section>
        </>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </main>
  );
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { asLived, type Lived, type ServerKnowledge } from '../core/lifetime';
import { hostIsWatched, siteIndex } from '../core/matching';
import { originsFor } from '../core/origins';
import { orderRecords } from '../core/rows';
import { isSiteSession } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { t } from '../ui/text';
import { type Clock, systemClock } from '../ui/clock';
import { whenIdle } from '../ui/when-idle';
import { AccessNeeded } from './access-needed';
import { CookieTable } from './cookie-table';
import { EmptyState } from './empty-state';
import { ExpiringBanner } from './expiring-banner';
import { filterRows } from './filter-rows';
import type { PopupActions, PopupModel } from './popup-model';
import { RowFilter } from './row-filter';
import { ShowAllSwitch } from './show-all-switch';
import { ShowMore } from './show-more';
import { WatchSite } from './watch-site';

const NONE = {};

/** The filter box appears once the table has more rows than fit at a glance. */
export const FILTER_MIN_ROWS = 8;
/** Rows in the first paint: a popup's height a few times over. */
export const FIRST_ROWS = 50;
/**
 * Rows the table fills up to while the page is idle, and adds with each
 * "Show more": opening costs about the same with 5,000 watched cookies as
 * with 50, and the filter finds any of them.
 */
export const ROWS_PER_PAGE = 200;

export interface AppProps {
  model: PopupModel;
  actions: PopupActions;
  /** The time source for countdowns; a fixed one in tests. */
  clock?: Clock;
}

/** The records in row order, each placed by when its session really ends (asLived), each still the stored object. */
function orderByEnd(
  records: readonly CookieRecord[],
  currentHost: string | null,
  domains: readonly WatchedDomain[],
  watchedOf: (record: CookieRecord) => WatchedDomain | undefined,
  server: ServerKnowledge,
  now: number,
): CookieRecord[] {
  const stored = new Map<Lived, CookieRecord>();
  const lived = records.map((record) => {
    const l = asLived(record, watchedOf(record), server);
    stored.set(l, record);
    return l;
  });
  return orderRecords(lived, currentHost, domains, now).map((l) => stored.get(l) ?? l);
}

/** The popup: what is watched, how long each session has left, and what needs the user. */
export function App({ model, actions, clock = systemClock }: AppProps) {
  const { settings, records, currentHost, offer, accessMissing, storeNames, server, checks = NONE, keepAlive = NONE } = model;
  const domains = settings.domains;
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(settings.showAllCookies);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => setShowAll(settings.showAllCookies), [settings.showAllCookies]);

  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(FIRST_ROWS);
  const main = useRef<HTMLElement>(null);
  /** The index of the first row a "Show more" added, to take the keyboard there once it is rendered. */
  const firstAdded = useRef<number | null>(null);

  const watchedOf = useMemo(() => siteIndex(domains), [domains]);
  // Ordered when the data changes, not on every tick: rows do not jump while counting down.
  // Rows keep the stored records, so an unchanged record keeps its identity and its row skips rendering.
  const all = useMemo(
    () => orderByEnd(records, currentHost, domains, watchedOf, server, clock.now()),
    [records, currentHost, domains, watchedOf, server, clock],
  );
  const shown = useMemo(() => (showAll ? all : all.filter((r) => isSiteSession(r, watchedOf(r)))), [all, showAll, watchedOf]);
  // Statuses are matched as they read when the filter or the data changes; a row that flips later stays until then.
  const filtered = useMemo(
    () => filterRows(shown, query, { watchedOf, settings, server, keepAlive, now: clock.now() }),
    [shown, query, watchedOf, settings, server, keepAlive, clock],
  );
  const visible = useMemo(() => (filtered.length > limit ? filtered.slice(0, limit) : filtered), [filtered, limit]);
  // While the first screen stands in for the store, the counts are the whole list's, as the worker last wrote them.
  const counts = model.counts;
  const listed = counts?.listed ?? shown.length;
  const matched = counts && query === '' ? counts.listed : filtered.length;

  const onQuery = useCallback((next: string) => {
    setQuery(next);
    setLimit(FIRST_ROWS);
  }, []);

  // After the paint, the table fills up to a page a few rows at a time, each step in an idle moment.
  const filling = limit < ROWS_PER_PAGE && filtered.length > limit;
  useEffect(() => (filling ? whenIdle(() => setLimit((n) => Math.min(n + FIRST_ROWS, ROWS_PER_PAGE))) : undefined), [filling, limit]);

  const onMore = useCallback(() => {
    firstAdded.current = limit;
    setLimit(limit + ROWS_PER_PAGE);
  }, [limit]);

  // The keyboard moves on to the first row added: the button it was on may be gone (nothing left to show).
  useLayoutEffect(() => {
    const index = firstAdded.current;
    if (index === null) return;
    firstAdded.current = null;
    main.current?.querySelectorAll('table.cookies tbody tr')[index]?.querySelector('button')?.focus();
  }, [limit]);

  const fail = useCallback(() => setError(t('actionFailed')), []);

  const onClear = useCallback(
    (id: string) => {
      actions.clearEnded([id]).catch(fail);
    },
    [actions, fail],
  );

  const onMark = useCallback(
    (domain: string, name: string, mark: boolean | null) => {
      actions.setMark(domain, name, mark).catch(fail);
    },
    [actions, fail],
  );

  const onShowAll = useCallback(
    (on: boolean) => {
      setShowAll(on);
      actions.setShowAll(on).catch(() => {
        setShowAll(!on);
        fail();
      });
    },
    [actions, fail],
  );

  const onGrant = useCallback(
    (w: WatchedDomain) => {
      // First, before any await: the permission prompt needs the click's user gesture.
      actions
        .requestOrigins(originsFor(w))
        .then((granted) => (granted ? actions.rescan() : undefined))
        .catch(fail);
    },
    [actions, fail],
  );

  const onCheck = useCallback((domain: string) => actions.checkNow?.(domain) ?? Promise.reject(new Error('no checks here')), [actions]);

  const onOpenOptions = useCallback(() => {
    actions.openOptionsPage().catch(fail);
  }, [actions, fail]);

  // Every watched cookie, shown or not: it agrees with the worker's warnings. The same element
  // while its inputs are the same, so typing a filter does not recount 5,000 sessions.
  const banner = useMemo(
    () => <ExpiringBanner records={all} settings={settings} clock={clock} watchedOf={watchedOf} server={server} keepAlive={keepAlive} />,
    [all, settings, clock, watchedOf, server, keepAlive],
  );

  const needsAccess = useMemo(() => domains.filter((w) => accessMissing.includes(w.domain)), [domains, accessMissing]);

  const offerWatched =
    offer !== null &&
    (domains.some((w) => w.domain === offer.domain) || (currentHost !== null && hostIsWatched(currentHost, domains) !== undefined));

  return (
    <>
      <header class="bar">
        <h1>{t('popupTitle')}</h1>
        <nav class="bar-links">
          {/* A link, not an API call: the browser opens it in a tab of its own and the popup needs no permission. */}
          <a class="link" href="history.html" target="_blank" rel="noopener">
            {t('historyLink')}
          </a>
          {domains.length > 0 && (
            <button type="button" class="link" onClick={onOpenOptions}>
              {t('openOptionsShort')}
            </button>
          )}
        </nav>
      </header>
      <main ref={main}>
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {banner}
        {offer !== null && !offerWatched && <WatchSite key={offer.domain} offer={offer} actions={actions} />}
        <AccessNeeded domains={needsAccess} onGrant={onGrant} />
        {domains.length > 0 && all.length > 0 && (
          <ShowAllSwitch on={showAll} hidden={counts?.hidden ?? all.length - shown.length} onChange={onShowAll} />
        )}
        {domains.length === 0 ? (
          <EmptyState kind="no-domains" onOpenOptions={onOpenOptions} />
        ) : shown.length === 0 ? (
          <EmptyState kind="no-cookies" />
        ) : (
          <>
            {(listed > FILTER_MIN_ROWS || query !== '') && <RowFilter query={query} matched={matched} total={listed} onQuery={onQuery} />}
            <CookieTable
              records={visible}
              settings={settings}
              watchedOf={watchedOf}
              server={server}
              storeNames={storeNames}
              clock={clock}
              onClear={onClear}
              onMark={onMark}
              checks={checks}
              keepAlive={keepAlive}
              onCheck={onCheck}
            />
            {filtered.length === 0 && <p class="hint filter-empty">{t('filterNoMatch', query.trim())}</p>}
            {/* Hidden while the first screen stands in, as while the table fills: more rows are on their way. */}
            {!filling && !counts && <ShowMore shown={visible.length} total={filtered.length} step={ROWS_PER_PAGE} onMore={onMore} />}
          </>
        )}
      </main>
    </>
  );
}

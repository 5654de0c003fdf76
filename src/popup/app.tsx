import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { asLived } from '../core/lifetime';
import { hostIsWatched, siteFor } from '../core/matching';
import { originsFor } from '../core/origins';
import { orderRecords } from '../core/rows';
import { withMark } from '../core/settings';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { text } from '../ui/text';
import { type Clock, systemClock } from '../ui/clock';
import { AccessNeeded } from './access-needed';
import { CookieTable } from './cookie-table';
import { EmptyState } from './empty-state';
import { ExpiringBanner } from './expiring-banner';
import type { PopupActions, PopupModel } from './popup-model';
import { isShownAsSession } from './session-mark';
import { ShowAllSwitch } from './show-all-switch';
import { WatchSite } from './watch-site';

export interface AppProps {
  model: PopupModel;
  actions: PopupActions;
  /** The time source for countdowns; a fixed one in tests. */
  clock?: Clock;
}

/** The records in row order, each placed by when its session really ends (asLived), each still the stored object. */
function orderByEnd(records: readonly CookieRecord[], currentHost: string | null, domains: readonly WatchedDomain[], now: number): CookieRecord[] {
  const stored = new Map<CookieRecord, CookieRecord>();
  const lived = records.map((record) => {
    const l = asLived(record, siteFor(record, domains));
    stored.set(l, record);
    return l;
  });
  return orderRecords(lived, currentHost, domains, now).map((l) => stored.get(l) ?? l);
}

/** The popup: what is watched, how long each session has left, and what needs the user. */
export function App({ model, actions, clock = systemClock }: AppProps) {
  const { settings, records, currentHost, offer, accessMissing, storeNames } = model;
  const domains = settings.domains;
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(settings.showAllCookies);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => setShowAll(settings.showAllCookies), [settings.showAllCookies]);

  // Ordered when the data changes, not on every tick: rows do not jump while counting down.
  // Rows keep the stored records, so an unchanged record keeps its identity and its row skips rendering.
  const all = useMemo(() => orderByEnd(records, currentHost, domains, clock.now()), [records, currentHost, domains, clock]);
  const shown = useMemo(
    () => (showAll ? all : all.filter((r) => isShownAsSession(r, siteFor(r, domains)))),
    [all, showAll, domains],
  );

  const fail = useCallback(() => setError(text('actionFailed')), []);

  const onClear = useCallback(
    (id: string) => {
      actions.clearEnded([id]).catch(fail);
    },
    [actions, fail],
  );

  const onMark = useCallback(
    (site: string, name: string, mark: boolean | null) => {
      actions.updateSettings((s) => withMark(s, site, name, mark)).catch(fail);
    },
    [actions, fail],
  );

  const onShowAll = useCallback(
    (on: boolean) => {
      setShowAll(on);
      actions.updateSettings((s) => ({ ...s, showAllCookies: on })).catch(() => {
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

  const onOpenOptions = useCallback(() => {
    actions.openOptionsPage().catch(fail);
  }, [actions, fail]);

  const needsAccess = useMemo(() => domains.filter((w) => accessMissing.includes(w.domain)), [domains, accessMissing]);

  const offerWatched =
    offer !== null &&
    (domains.some((w) => w.domain === offer.domain) || (currentHost !== null && hostIsWatched(currentHost, domains) !== undefined));

  return (
    <>
      <header class="bar">
        <h1>{text('popupTitle')}</h1>
        <nav class="bar-links">
          {/* A link, not an API call: the browser opens it in a tab of its own and the popup needs no permission. */}
          <a class="link" href="history.html" target="_blank" rel="noopener">
            {text('historyLink')}
          </a>
          {domains.length > 0 && (
            <button type="button" class="link" onClick={onOpenOptions}>
              {text('openOptionsShort')}
            </button>
          )}
        </nav>
      </header>
      <main>
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {/* Every watched cookie, shown or not: it agrees with the worker's warnings. */}
        <ExpiringBanner records={all} settings={settings} clock={clock} />
        {offer !== null && !offerWatched && <WatchSite key={offer.domain} offer={offer} actions={actions} />}
        <AccessNeeded domains={needsAccess} onGrant={onGrant} />
        {domains.length > 0 && all.length > 0 && <ShowAllSwitch on={showAll} hidden={all.length - shown.length} onChange={onShowAll} />}
        {domains.length === 0 ? (
          <EmptyState kind="no-domains" onOpenOptions={onOpenOptions} />
        ) : shown.length === 0 ? (
          <EmptyState kind="no-cookies" />
        ) : (
          <CookieTable
            records={shown}
            settings={settings}
            storeNames={storeNames}
            clock={clock}
            onClear={onClear}
            onMark={onMark}
          />
        )}
      </main>
    </>
  );
}

import { useCallback, useMemo, useState } from 'preact/hooks';
import { hostIsWatched } from '../core/matching';
import { originsFor } from '../core/origins';
import { orderRecords } from '../core/rows';
import type { WatchedDomain } from '../core/settings-defaults';
import { text } from '../ui/text';
import { type Clock, systemClock } from '../ui/clock';
import { AccessNeeded } from './access-needed';
import { CookieTable } from './cookie-table';
import { EmptyState } from './empty-state';
import { ExpiringBanner } from './expiring-banner';
import type { PopupActions, PopupModel } from './popup-model';
import { WatchSite } from './watch-site';

export interface AppProps {
  model: PopupModel;
  actions: PopupActions;
  /** The time source for countdowns; a fixed one in tests. */
  clock?: Clock;
}

/** The popup: what is watched, how long each session has left, and what needs the user. */
export function App({ model, actions, clock = systemClock }: AppProps) {
  const { settings, records, currentHost, offer, accessMissing } = model;
  const domains = settings.domains;
  const [error, setError] = useState<string | null>(null);

  // Ordered when the data changes, not on every tick: rows do not jump while counting down.
  const ordered = useMemo(
    () => orderRecords(records, currentHost, domains, clock.now()),
    [records, currentHost, domains, clock],
  );

  const fail = useCallback(() => setError(text('actionFailed')), []);

  const onClear = useCallback(
    (id: string) => {
      actions.clearEnded([id]).catch(fail);
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
        {domains.length > 0 && (
          <button type="button" class="link" onClick={onOpenOptions}>
            {text('openOptionsShort')}
          </button>
        )}
      </header>
      <main>
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <ExpiringBanner records={ordered} settings={settings} clock={clock} />
        {offer !== null && !offerWatched && <WatchSite key={offer.domain} offer={offer} actions={actions} />}
        <AccessNeeded domains={needsAccess} onGrant={onGrant} />
        {domains.length === 0 ? (
          <EmptyState kind="no-domains" onOpenOptions={onOpenOptions} />
        ) : ordered.length === 0 ? (
          <EmptyState kind="no-cookies" />
        ) : (
          <CookieTable records={ordered} settings={settings} clock={clock} onClear={onClear} />
        )}
      </main>
    </>
  );
}

import { useState } from 'preact/hooks';
import { t } from '../ui/text';
import { domainErrorText } from '../ui/domain-error-text';
import type { PopupActions, SiteOffer } from './popup-model';

interface WatchSiteProps {
  offer: SiteOffer;
  actions: Pick<PopupActions, 'requestOrigins' | 'addDomain'>;
}

/** "example.com is not watched" with a button that asks for access and starts watching it. */
export function WatchSite({ offer, actions }: WatchSiteProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onClick = () => {
    // First, before any await: Firefox grants permissions only inside the click's user gesture.
    const granted = actions.requestOrigins(offer.origins);
    setBusy(true);
    setError(null);
    (async () => {
      // Watched even if access is refused: the popup then shows "Access needed" for it.
      await granted.catch(() => false);
      const answer = await actions.addDomain(offer.domain);
      if (!answer.ok) setError(domainErrorText(answer.error));
    })()
      .catch(() => setError(t('actionFailed')))
      .finally(() => setBusy(false));
  };

  return (
    <section class="watch-site">
      <p>{t('siteNotWatched', offer.domain)}</p>
      <button type="button" class="primary" onClick={onClick} disabled={busy}>
        {t('watchThisSite')}
      </button>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

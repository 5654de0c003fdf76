import { t } from '../ui/text';

type EmptyStateProps = { kind: 'no-domains'; onOpenOptions: () => void } | { kind: 'no-cookies' };

/** What the popup says instead of a table: nothing watched yet, or no cookies seen yet. */
export function EmptyState(props: EmptyStateProps) {
  if (props.kind === 'no-domains') {
    return (
      <section class="empty">
        <p class="empty-title">{t('noDomains')}</p>
        <p class="hint">{t('noDomainsHint')}</p>
        <button type="button" class="primary" onClick={props.onOpenOptions}>
          {t('openOptions')}
        </button>
      </section>
    );
  }
  return (
    <section class="empty">
      <p class="empty-title">{t('noCookies')}</p>
      <p class="hint">{t('noCookiesHint')}</p>
    </section>
  );
}

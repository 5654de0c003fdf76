import type { WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';

interface AccessNeededProps {
  /** Watched domains without host access. */
  domains: readonly WatchedDomain[];
  /** Called straight from the click, so it can ask for the permission within the user gesture. */
  onGrant: (w: WatchedDomain) => void;
}

/** One line per watched domain whose cookies cannot be read yet, each with "Grant access". */
export function AccessNeeded({ domains, onGrant }: AccessNeededProps) {
  if (domains.length === 0) return null;
  return (
    <ul class="access-needed" aria-label={t('accessNeededListLabel')}>
      {domains.map((w, i) => (
        <li key={w.domain}>
          <span id={`access-needed-${i}`}>{t('accessNeededFor', w.domain)}</span>
          <button type="button" aria-describedby={`access-needed-${i}`} onClick={() => onGrant(w)}>
            {t('grantAccess')}
          </button>
        </li>
      ))}
    </ul>
  );
}

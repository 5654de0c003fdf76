import type { WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';
import { pageLocale } from '../ui/locale';
import { formatCount } from '../core/format';

interface GrantAllProps {
  /** Watched domains whose cookies may not be read yet. */
  needed: readonly WatchedDomain[];
  /** Called straight from the click, so it can ask for the permission within the user gesture. */
  onGrantAll: (domains: readonly WatchedDomain[]) => void;
}

/**
 * One "Grant access to all" for the watched domains that need access, such
 * as after an import: one browser prompt instead of one per site. With a
 * single domain its own button in the list is enough.
 */
export function GrantAll({ needed, onGrantAll }: GrantAllProps) {
  if (needed.length < 2) return null;
  return (
    <div class="grant-all">
      <button type="button" class="primary" aria-describedby="grant-all-count" onClick={() => onGrantAll(needed)}>
        {t('grantAccessAll')}
      </button>
      <span id="grant-all-count" class="hint">
        {t('grantAccessAllCount', formatCount(needed.length, pageLocale()))}
      </span>
    </div>
  );
}

import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { formatCount } from '../core/format';

interface ShowMoreProps {
  /** Rows in the table now, of `total`. */
  shown: number;
  total: number;
  /** How many rows one press adds. */
  step: number;
  onMore: () => void;
}

/** "Show 200 more" under a table that lists only its first rows, and how many of all it lists. */
export function ShowMore({ shown, total, step, onMore }: ShowMoreProps) {
  if (shown >= total) return null;
  const format = (n: number) => formatCount(n, pageLocale());
  return (
    <div class="show-more">
      <button type="button" aria-describedby="rows-shown" onClick={onMore}>
        {t('showMoreRows', format(Math.min(step, total - shown)))}
      </button>
      <span id="rows-shown" class="hint">
        {t('rowsShown', [format(shown), format(total)])}
      </span>
    </div>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { formatCount } from '../core/format';

/** Typing faster than this apart is one burst, filtered once at its end. */
export const FILTER_DEBOUNCE_MS = 150;

interface RowFilterProps {
  /** The filter in effect (the field may already hold newer text, not yet applied). */
  query: string;
  /** Rows the filter leaves, of `total`. */
  matched: number;
  total: number;
  onQuery: (query: string) => void;
}

/**
 * "Filter" above the table: narrows the rows by site, cookie name or status
 * as the user types. The field is left to the browser, so a keystroke
 * renders nothing; the table is filtered once a burst of typing pauses.
 * "N of M" is a polite live region, so the count is heard once per filter.
 * Escape empties it (and, when it is empty already, closes the popup as usual).
 */
export function RowFilter({ query, matched, total, onQuery }: RowFilterProps) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancel = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
  };
  useEffect(() => cancel, []);

  const onInput = (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    cancel();
    timer.current = setTimeout(() => {
      timer.current = undefined;
      onQuery(value);
    }, FILTER_DEBOUNCE_MS);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const input = event.currentTarget as HTMLInputElement;
    if (event.key !== 'Escape' || input.value === '') return;
    event.preventDefault();
    event.stopPropagation();
    input.value = '';
    cancel();
    onQuery('');
  };

  const format = (n: number) => formatCount(n, pageLocale());
  return (
    <div class="row-filter">
      <label for="row-filter">{t('filterLabel')}</label>
      <input
        id="row-filter"
        type="search"
        autocomplete="off"
        spellcheck={false}
        placeholder={t('filterPlaceholder')}
        aria-describedby="row-filter-count"
        onInput={onInput}
        onKeyDown={onKeyDown}
      />
      <span id="row-filter-count" class="filter-count" aria-live="polite" aria-atomic="true">
        {query.trim() === '' ? '' : t('filterCount', [format(matched), format(total)])}
      </span>
    </div>
  );
}

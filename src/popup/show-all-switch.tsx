import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { formatCount } from '../core/format';

interface ShowAllSwitchProps {
  on: boolean;
  /** How many watched cookies the switch being off leaves out. */
  hidden: number;
  onChange: (on: boolean) => void;
}

/** "Show all cookies": sessions only when off; says how many others there are. */
export function ShowAllSwitch({ on, hidden, onChange }: ShowAllSwitchProps) {
  return (
    <div class="show-all">
      <input
        id="show-all"
        type="checkbox"
        role="switch"
        checked={on}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-describedby={!on && hidden > 0 ? 'show-all-hidden' : undefined}
      />
      <label for="show-all">{t('showAllCookies')}</label>
      {!on && hidden > 0 && (
        <span id="show-all-hidden" class="hint">
          {t('hiddenCookies', formatCount(hidden, pageLocale()))}
        </span>
      )}
    </div>
  );
}

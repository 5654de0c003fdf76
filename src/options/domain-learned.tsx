import type { IdleBoundsLog } from '../core/idle-bounds';
import { t } from '../ui/text';
import { learnedFor, learnedIdleText } from './learned-idle';

interface DomainLearnedProps {
  domain: string;
  learned: Readonly<IdleBoundsLog>;
  /** Forgets what was learned for the domain; the line goes when the stored bounds change. */
  onReset: (domain: string) => Promise<unknown>;
  /** The id of the domain's idle timeout field, where the keyboard goes once the button is gone. */
  fieldId: string;
}

/** What Session Watch learned of the site's idle timeout, under the declared one, and a button to forget it; nothing when nothing was learned. */
export function DomainLearned({ domain, learned, onReset, fieldId }: DomainLearnedProps) {
  const text = learnedIdleText(learnedFor(learned, domain));
  if (text === null) return null;
  const onClick = () => {
    onReset(domain).then(
      () => document.getElementById(fieldId)?.focus(),
      () => {},
    );
  };
  return (
    <div class="learned-idle">
      <p class="hint">{text}</p>
      <button type="button" aria-label={t('optionsLearnedResetLabel', domain)} onClick={onClick}>
        {t('optionsLearnedReset')}
      </button>
    </div>
  );
}

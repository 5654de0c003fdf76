import { useState } from 'preact/hooks';
import type { Response } from '../core/messages';
import type { SiteCheck } from '../core/server-check';
import { checkText } from './check-text';
import { t } from './text';

interface CheckNowProps {
  domain: string;
  /** The site's last check as stored; the worker stores a check before it answers, so a new one arrives here. */
  check: SiteCheck | undefined;
  onCheck: (domain: string) => Promise<Response<'checkNow'>>;
}

/**
 * "Check now" and the site's last check in words, announced when it
 * changes; while a check runs it says so, and a refusal is said in the
 * result's place until the next check.
 */
export function CheckNow({ domain, check, onCheck }: CheckNowProps) {
  // null: idle; '': running; else why it was refused.
  const [note, setNote] = useState<string | null>(null);

  const onClick = () => {
    if (note === '') return;
    setNote('');
    onCheck(domain).then(
      (answer) => setNote(answer.ok ? null : t(`checkRefused_${answer.error}`)),
      () => setNote(t('checkFailed')),
    );
  };

  return (
    <span class="check-now">
      <span class={note === null && check ? `check-${check.result}` : undefined} role="status">
        {note === '' ? t('checkingNow') : (note ?? (check ? checkText(check) : ''))}
      </span>{' '}
      <button type="button" aria-label={t('checkNowLabel', domain)} aria-disabled={note === '' ? 'true' : undefined} onClick={onClick}>
        {t('checkNowButton')}
      </button>
    </span>
  );
}

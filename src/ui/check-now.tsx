import { useState } from 'preact/hooks';
import type { Response } from '../core/messages';
import type { SiteCheck } from '../core/server-check';
import { checkRefusedText, checkText } from './check-text';
import { t } from './text';

interface CheckNowProps {
  domain: string;
  /** The site's last check as stored, if any. */
  check: SiteCheck | undefined;
  where: 'options' | 'popup';
  onCheck: (domain: string) => Promise<Response<'checkNow'>>;
}

/**
 * "Check now" and the site's last check in words, announced when it
 * changes: the stored one or the answer just got, whichever is newer; a
 * refusal is said in its place until the next check.
 */
export function CheckNow({ domain, check, where, onCheck }: CheckNowProps) {
  const [own, setOwn] = useState<SiteCheck | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const last = own !== null && (check === undefined || own.at > check.at) ? own : check;

  const onClick = () => {
    if (busy) return;
    setBusy(true);
    setNote(null);
    onCheck(domain).then(
      (answer) => {
        setBusy(false);
        if (answer.ok) setOwn(answer.check);
        else setNote(checkRefusedText(answer.error));
      },
      () => {
        setBusy(false);
        setNote(t('checkFailed'));
      },
    );
  };

  const text = busy ? t('checkingNow') : (note ?? (last ? checkText(where, last) : ''));
  return (
    <span class="check-now">
      <span class={`check-result${last && !busy && note === null ? ` check-${last.result}` : ''}`} role="status">
        {text}
      </span>{' '}
      <button type="button" aria-label={t('checkNowLabel', domain)} aria-disabled={busy ? 'true' : undefined} onClick={onClick}>
        {t('checkNowButton')}
      </button>
    </span>
  );
}

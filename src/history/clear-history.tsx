import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../ui/text';

interface ClearHistoryProps {
  /** The watched domain whose history goes, or null for all of it. */
  domain: string | null;
  /** Resolves once cleared; rejects when it could not be. */
  onClear: (domain: string | null) => Promise<unknown>;
}

/**
 * "Clear history", then "Confirm clear": the history cannot come back, so
 * it takes a second, deliberate click. The keyboard stays on the button
 * that takes the place of the one pressed.
 */
export function ClearHistory({ domain, onClear }: ClearHistoryProps) {
  const [step, setStep] = useState<'ask' | 'confirm' | 'busy'>('ask');
  const confirm = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (step === 'confirm' ? confirm : ask).current?.focus();
  }, [step]);

  // Another domain chosen meanwhile: the question was about the one before.
  useEffect(() => setStep('ask'), [domain]);

  const go = (next: 'ask' | 'confirm') => {
    moved.current = true;
    setStep(next);
  };

  const onConfirm = () => {
    setStep('busy');
    const back = () => go('ask');
    onClear(domain).then(back, back);
  };

  if (step === 'ask') {
    return (
      <button ref={ask} type="button" class="danger" onClick={() => go('confirm')}>
        {domain === null ? t('historyClear') : t('historyClearSite', domain)}
      </button>
    );
  }
  return (
    <span class="confirm-clear">
      <button
        ref={confirm}
        type="button"
        class="danger"
        aria-describedby="confirm-clear-hint"
        onClick={onConfirm}
        disabled={step === 'busy'}
      >
        {t('historyConfirmClear')}
      </button>
      <button type="button" onClick={() => go('ask')} disabled={step === 'busy'}>
        {t('historyCancel')}
      </button>
      <span id="confirm-clear-hint" class="hint">
        {t('historyConfirmHint')}
      </span>
    </span>
  );
}

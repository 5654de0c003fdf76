import { useEffect, useState } from 'preact/hooks';
import { parseLeadMinutes } from '../core/settings';
import { LEAD_MINUTES_MAX, LEAD_MINUTES_MIN } from '../core/settings-defaults';
import { t } from '../platform/i18n';

interface LeadTimeFieldProps {
  /** The saved lead in minutes. */
  value: number;
  onSave: (minutes: number) => void;
}

/** "Warning lead (minutes)": saved when a valid whole number is entered, refused with a reason otherwise. */
export function LeadTimeField({ value, onSave }: LeadTimeFieldProps) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => {
    setText(String(value));
    setError(null);
  }, [value]);

  const onChange = (event: Event) => {
    const typed = (event.currentTarget as HTMLInputElement).value;
    setText(typed);
    const parsed = parseLeadMinutes(typed);
    if (!parsed.ok) {
      setError(t(`leadError_${parsed.error}`));
      return;
    }
    setError(null);
    if (parsed.value !== value) onSave(parsed.value);
  };

  return (
    <div class="lead-field">
      <label for="lead">{t('leadLabel')}</label>
      <input
        id="lead"
        type="number"
        inputMode="numeric"
        min={LEAD_MINUTES_MIN}
        max={LEAD_MINUTES_MAX}
        step={1}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={onChange}
        aria-invalid={error !== null ? 'true' : undefined}
        aria-describedby={error !== null ? 'lead-error lead-hint' : 'lead-hint'}
      />
      {error !== null && (
        <p id="lead-error" class="error" role="alert">
          {error}
        </p>
      )}
      <p id="lead-hint" class="hint">
        {t('leadHint')}
      </p>
    </div>
  );
}

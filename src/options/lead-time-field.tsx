import { useEffect, useState } from 'preact/hooks';
import { parseLeadMinutes } from '../core/settings';
import { LEAD_MINUTES_MAX, LEAD_MINUTES_MIN } from '../core/settings-defaults';
import { t } from '../platform/i18n';
import { MinutesField } from './minutes-field';

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
    <MinutesField
      id="lead"
      label={t('leadLabel')}
      hint={t('leadHint')}
      min={LEAD_MINUTES_MIN}
      max={LEAD_MINUTES_MAX}
      value={text}
      error={error}
      onInput={setText}
      onChange={onChange}
    />
  );
}

import { LEAD_MINUTES, parseMinutes } from '../core/minutes';
import { t } from '../ui/text';
import { MinutesField } from './minutes-field';
import { useMinutesField } from './use-minutes-field';

interface LeadTimeFieldProps {
  /** The saved lead in minutes. */
  value: number;
  onSave: (minutes: number) => void;
}

/** "Warning lead (minutes)": saved when a valid whole number is entered, refused with a reason otherwise. */
export function LeadTimeField({ value, onSave }: LeadTimeFieldProps) {
  const field = useMinutesField(
    String(value),
    (typed) => parseMinutes(typed, LEAD_MINUTES),
    (error) => t(`leadError_${error}`),
    (minutes) => {
      if (minutes !== value) onSave(minutes);
    },
  );
  return <MinutesField id="lead" label={t('leadLabel')} hint={t('leadHint')} min={LEAD_MINUTES.min} max={LEAD_MINUTES.max} {...field} />;
}

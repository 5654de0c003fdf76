import { useEffect, useState } from 'preact/hooks';
import { t } from '../ui/text';

interface NotifyEndedFieldProps {
  /** The saved choice. */
  value: boolean;
  /** Rejects when the change could not be saved. */
  onSave: (on: boolean) => Promise<unknown>;
}

/** "Also tell me when a watched session has ended": saved as soon as it is ticked or cleared. */
export function NotifyEndedField({ value, onSave }: NotifyEndedFieldProps) {
  const [on, setOn] = useState(value);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => setOn(value), [value]);

  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const checked = input.checked;
    setOn(checked);
    onSave(checked).catch(() => {
      // Set on the element too: a render that ends where it started is skipped, and the click already moved it.
      input.checked = !checked;
      setOn(!checked);
    });
  };

  return (
    <div class="check-field">
      <input id="notify-ended" type="checkbox" checked={on} onChange={onChange} aria-describedby="notify-ended-hint" />
      <label for="notify-ended">{t('notifyEndedLabel')}</label>
      <p id="notify-ended-hint" class="hint">
        {t('notifyEndedHint')}
      </p>
    </div>
  );
}

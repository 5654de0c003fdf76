import { describedBy, FieldNotes } from './field-notes';

/** A whole number of minutes (a warning lead, an idle timeout), with its hint and, when it is refused, the reason. */
export interface MinutesFieldProps {
  id: string;
  label: string;
  hint: string;
  min: number;
  max: number;
  /** Shown while the field is empty (what applies then). */
  placeholder?: string;
  value: string;
  /** Why the typed value was not saved, or null. */
  error: string | null;
  onInput: (value: string) => void;
  onChange: (event: Event) => void;
}

export function MinutesField({ id, label, hint, min, max, placeholder, value, error, onInput, onChange }: MinutesFieldProps) {
  return (
    <div class="lead-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        placeholder={placeholder}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        onChange={onChange}
        aria-invalid={error !== null ? 'true' : undefined}
        aria-describedby={describedBy(id, error)}
      />
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}

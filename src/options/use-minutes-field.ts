import { useEffect, useState } from 'preact/hooks';
import type { MinutesError, ParsedMinutes } from '../core/minutes';

export interface MinutesFieldState {
  /** What the field shows: the typed text, or the saved value as text. */
  value: string;
  /** Why the typed value was not saved, or null. */
  error: string | null;
  onInput: (value: string) => void;
  onChange: (event: Event) => void;
}

/**
 * The state of a minutes field: it shows `saved` until the user types, and on
 * change parses what was typed, explains a refusal with `errorText`, and hands
 * a valid value to `onValid` (which decides whether it differs from the saved one).
 */
export function useMinutesField<V>(
  saved: string,
  parse: (typed: string) => ParsedMinutes<V>,
  errorText: (error: MinutesError) => string,
  onValid: (value: V) => void,
): MinutesFieldState {
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => {
    setValue(saved);
    setError(null);
  }, [saved]);

  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const typed = input.value;
    setValue(typed);
    // A number field reads "" both when empty and when it holds something that is not a number.
    const parsed: ParsedMinutes<V> = input.validity.badInput ? { ok: false, error: 'not-a-number' } : parse(typed);
    if (!parsed.ok) {
      setError(errorText(parsed.error));
      return;
    }
    setError(null);
    onValid(parsed.value);
  };

  return { value, error, onInput: setValue, onChange };
}

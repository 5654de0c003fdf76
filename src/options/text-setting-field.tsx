import { useEffect, useRef, useState } from 'preact/hooks';
import { describedBy, FieldNotes } from './field-notes';

/** What a typed value reads as: the value to save (null clears it), or why it is refused. */
export type ParsedText = { ok: true; value: string | null } | { ok: false; error: string };

interface TextSettingFieldProps {
  id: string;
  label: string;
  hint: string;
  /** The saved value, '' when none. */
  saved: string;
  placeholder?: string;
  inputMode?: 'url' | 'text';
  parse: (typed: string) => ParsedText;
  /** Called with a valid value that differs from the saved one; rejects when it could not be saved. */
  onSave: (value: string | null) => Promise<unknown>;
}

/**
 * A text setting (a check URL, a login path), checked when the user leaves
 * the field or presses Enter: a valid value is saved as it reads (a URL
 * normalised), one that is not is explained and nothing is saved.
 */
export function TextSettingField({ id, label, hint, saved, placeholder, inputMode = 'text', parse, onSave }: TextSettingFieldProps) {
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  // What was last sent, so a blur after Enter does not save the same value twice.
  const sent = useRef<string | null>(saved === '' ? null : saved);

  // A change saved elsewhere (another window, sync, an import) shows here too.
  useEffect(() => {
    setValue(saved);
    setError(null);
    sent.current = saved === '' ? null : saved;
  }, [saved]);

  const input = useRef<HTMLInputElement>(null);

  const commit = () => {
    // Read from the field itself: a change can come before the render of the last keystroke.
    const parsed = parse(input.current?.value ?? value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setValue(parsed.value ?? '');
    if (parsed.value === sent.current) return;
    sent.current = parsed.value;
    onSave(parsed.value).catch(() => {
      sent.current = saved === '' ? null : saved;
    });
  };

  return (
    <form
      class="text-field"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <label for={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellcheck={false}
        placeholder={placeholder}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        onChange={commit}
        aria-invalid={error !== null ? 'true' : undefined}
        aria-describedby={describedBy(id, error)}
      />
      <FieldNotes id={id} error={error} hint={hint} />
    </form>
  );
}

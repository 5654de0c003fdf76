/** A field's error, announced when it appears, and its hint; describedBy ties both to the field. */
import type { ComponentChildren } from 'preact';

/** describedBy('lead', 'Too long') -> "lead-error lead-hint"; describedBy('lead', null) -> "lead-hint" */
export function describedBy(id: string, error: string | null): string {
  return error !== null ? `${id}-error ${id}-hint` : `${id}-hint`;
}

export function FieldNotes({ id, error, hint }: { id: string; error: string | null; hint: ComponentChildren }) {
  return (
    <>
      {error !== null && (
        <p id={`${id}-error`} class="error" role="alert">
          {error}
        </p>
      )}
      <p id={`${id}-hint`} class="hint">
        {hint}
      </p>
    </>
  );
}

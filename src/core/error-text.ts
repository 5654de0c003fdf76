/**
 * What a caught error says, for a console line: its message when it is an
 * Error, else the thrown value as text (browser APIs reject with strings too).
 * errorText(new Error('quota exceeded')) -> "quota exceeded"; errorText('No tab with id: 4') -> "No tab with id: 4"
 */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

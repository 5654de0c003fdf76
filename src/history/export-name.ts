/** exportName('csv', Date.UTC(2026, 10, 26, 12)) -> "session-watch-history-2026-11-26.csv" (the user's own date) */
export function exportName(extension: string, now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  return `session-watch-history-${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}.${extension}`;
}

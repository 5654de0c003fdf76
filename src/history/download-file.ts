/**
 * Hands the user a file made here, through a Blob URL and an <a download>
 * click: no downloads permission, and the same in both browsers.
 */
export function downloadFile(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  // Firefox follows only a link that is in the document.
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download before it starts (Firefox); a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** exportName('csv', Date.UTC(2026, 10, 26, 12)) -> "session-watch-history-2026-11-26.csv" (the user's own date) */
export function exportName(extension: string, now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  return `session-watch-history-${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}.${extension}`;
}

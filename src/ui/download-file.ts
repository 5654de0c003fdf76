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

/** Reads and drives the history page (history.html): the site filter, the events table, export and clear. */
import type { Driver, DownloadedFile, TabHandle } from './driver';
import { mark } from './dom-marker';
import { waitFor } from './wait';

export interface HistoryRow {
  /** The <time datetime> of the Time cell. */
  datetime: string;
  site: string;
  event: string;
  cookie: string;
  store: string;
}

export interface HistoryView {
  /** The site filter's options, as values ('' = all sites) and the chosen one. */
  sites: string[];
  chosen: string | null;
  headers: string[];
  /** Newest first, as the table lists them. */
  rows: HistoryRow[];
  /** "Events shown: N". */
  count: string;
  text: string;
}

export function readHistory(page: TabHandle): Promise<HistoryView> {
  return page.evaluate(() => {
    const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const select = Array.from(document.querySelectorAll('label')).find((l) => norm(l.textContent) === 'Site')?.control as
      HTMLSelectElement | null | undefined;
    const table = document.querySelector('table');
    const headers = Array.from(table?.querySelectorAll('th[scope="col"]') ?? []).map((th) => norm(th.textContent));
    const col = (name: string) => headers.indexOf(name);
    const rows = Array.from(table?.querySelectorAll('tbody tr') ?? []).map((tr) => {
      const cells = Array.from(tr.children).map((td) => norm(td.textContent));
      return {
        datetime: tr.children[col('Time')]?.querySelector('time')?.getAttribute('datetime') ?? '',
        site: cells[col('Site')] ?? '',
        event: cells[col('Event')] ?? '',
        cookie: cells[col('Cookie')] ?? '',
        store: cells[col('Store')] ?? '',
      };
    });
    const count =
      Array.from(document.querySelectorAll('p'))
        .map((p) => norm(p.textContent))
        .find((t) => t.startsWith('Events shown')) ?? '';
    return {
      sites: select ? Array.from(select.options).map((o) => o.value) : [],
      chosen: select ? select.value : null,
      headers,
      rows,
      count,
      text: norm(document.body.innerText),
    };
  }, null);
}

/** The events of one site, oldest first, as "Event cookie" lines. */
export function siteStory(view: HistoryView, site: string): string[] {
  return view.rows
    .filter((r) => r.site === site)
    .reverse()
    .map((r) => `${r.event} ${r.cookie}`);
}

/** Chooses `site` ('' = all sites) in the "Site" filter and waits for the table to show only it. */
export async function filterBySite(page: TabHandle, site: string): Promise<HistoryView> {
  const field = await mark(page, { field: 'Site' });
  await page.select(field, site);
  return waitFor(
    async () => {
      const view = await readHistory(page);
      return view.chosen === site && (site === '' || view.rows.every((r) => r.site === site)) ? view : undefined;
    },
    { timeout: 5000, message: `the history filtered to "${site || 'All sites'}"` },
  );
}

/** Clicks an export button ("Export CSV", "Export JSON") and returns the file the browser saved. */
export async function exportHistory(driver: Driver, page: TabHandle, button: 'Export CSV' | 'Export JSON'): Promise<DownloadedFile> {
  const selector = await mark(page, { button });
  return driver.captureDownload(page, () => page.click(selector));
}

/** "a,b,\"c,d\"" -> ['a', 'b', 'c,d']: enough CSV for the export's own quoting (RFC 4180). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * Reads the popup as the DOM contract describes it: one table, columns found
 * by their header text, one `tr[data-id]` per watched cookie.
 */
import { mark } from './dom-marker';
import type { TabHandle } from './driver';
import { waitFor } from './wait';

export interface CellView {
  text: string;
  /** The first <time> in the cell. */
  time: { datetime: string; text: string } | null;
  buttons: string[];
  /** Tag names of every element inside the cell (to prove names stayed text). */
  elements: string[];
}

export interface RowView {
  id: string;
  storeId: string;
  domain: string;
  path: string;
  name: string;
  cells: Record<string, CellView>;
}

export interface PopupView {
  caption: string | null;
  headers: string[];
  rows: RowView[];
  /** All text of the page (empty states, "Access needed" lines). */
  text: string;
}

export const COLUMNS = ['Site', 'Cookie', 'Expires', 'Remaining', 'Status'] as const;
export const STATUSES = ['Active', 'Expiring soon', 'Expired', 'Logged out', 'Ended by server', 'Browser session'] as const;
export type StatusText = (typeof STATUSES)[number];

/** Reads `doc` (a popup in a frame), or the page's own document. Self-contained: it runs in the page. */
function readInPage(doc: Document | null): PopupView {
  const page = doc ?? document;
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const table = page.querySelector('table');
  const headers = table ? Array.from(table.querySelectorAll('th[scope="col"]')).map((th) => norm(th.textContent)) : [];
  const rows = table
    ? Array.from(table.querySelectorAll('tr[data-id]')).map((tr) => {
        const id = tr.getAttribute('data-id') ?? '';
        // id = `${storeId}|${domain}|${path}|${name}`; a name may itself hold "|".
        const [storeId = '', domain = '', path = '', ...rest] = id.split('|');
        const cells: Record<string, CellView> = {};
        Array.from(tr.children).forEach((cell, i) => {
          const time = cell.querySelector('time');
          cells[headers[i] ?? `#${i}`] = {
            text: norm(cell.textContent),
            time: time ? { datetime: time.getAttribute('datetime') ?? '', text: norm(time.textContent) } : null,
            buttons: Array.from(cell.querySelectorAll('button')).map((b) => norm(b.getAttribute('aria-label') ?? b.textContent)),
            elements: Array.from(cell.querySelectorAll('*')).map((el) => el.tagName.toLowerCase()),
          };
        });
        return { id, storeId, domain, path, name: rest.join('|'), cells };
      })
    : [];
  return {
    caption: table?.querySelector('caption') ? norm(table.querySelector('caption')?.textContent) : null,
    headers,
    rows,
    text: norm(page.body?.innerText ?? ''),
  };
}

export function readPopup(page: TabHandle): Promise<PopupView> {
  return page.evaluate(readInPage, null);
}

/**
 * Opens the popup in a frame of this extension page and reads it the
 * moment it marks itself ready: its first paint, before the whole store is
 * read. A MutationObserver delivers that moment right after the task that
 * painted it. Self-contained: it runs in the page.
 */
function firstPaintInPage(read: (doc: Document) => PopupView): Promise<FirstPaint> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    // In view: a browser may throttle a frame out of view (Firefox delays its timers).
    frame.style.cssText = 'position: fixed; inset: 0 auto auto 0; width: 800px; height: 600px; border: 0; z-index: 2147483647';
    let seen: Document | null = null;
    let done = false;
    const finish = (result: () => FirstPaint) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timeout);
      try {
        resolve(result());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
      frame.remove();
    };
    const ready = (doc: Document) => doc.documentElement?.dataset.ready === 'true';
    // The frame's document is replaced when the popup's navigation commits: watch that one from its start.
    const poll = setInterval(() => {
      const doc = frame.contentDocument;
      if (!doc || doc === seen || !doc.URL.endsWith('/popup.html')) return;
      seen = doc;
      const at = () => ({ ...read(doc), readyMs: doc.defaultView?.performance.now() ?? NaN });
      if (ready(doc)) return finish(at);
      new MutationObserver(() => {
        if (ready(doc)) finish(at);
      }).observe(doc, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
    }, 0);
    const timeout = setTimeout(
      () =>
        finish(() => {
          throw new Error('the popup in the frame never marked itself ready');
        }),
      10_000,
    );
    frame.src = 'popup.html';
    document.body.append(frame);
  });
}

/** The popup as its first paint showed it, and when: ms from the start of its navigation, on its own clock. */
export interface FirstPaint extends PopupView {
  readyMs: number;
}

/** The popup's first paint, read from a frame of `page` (an extension page), brought to the front as a person would see it. */
export async function readFirstPaint(page: TabHandle): Promise<FirstPaint> {
  // A tab in the background has its timers slowed to one a second (Firefox headless).
  await page.bringToFront();
  return page.evaluateSource<FirstPaint>(`(${firstPaintInPage.toString()})(${readInPage.toString()})`);
}

/** The row of a cookie: `domain` as the cookies API reports it ("app.example.test", ".example.test"). */
export function findRow(view: PopupView, domain: string, name: string): RowView | undefined {
  return view.rows.find((r) => r.domain === domain && r.name === name);
}

export function cell(row: RowView, column: (typeof COLUMNS)[number]): CellView {
  const found = row.cells[column];
  if (!found) throw new Error(`row ${row.id} has no "${column}" cell (headers: ${Object.keys(row.cells).join(', ')})`);
  return found;
}

export function statusOf(row: RowView): StatusText | null {
  const text = cell(row, 'Status').text;
  // Longest first: "Expiring soon" must not read as something shorter.
  return [...STATUSES].sort((a, b) => b.length - a.length).find((s) => text.startsWith(s)) ?? null;
}

/** "PT299S", "PT1H2M3S", "P1DT2H" -> seconds. */
export function parseIsoDuration(value: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) throw new Error(`not an ISO 8601 duration: "${value}"`);
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s);
}

/** The Remaining cell's `<time datetime>` in seconds. */
export function remainingOf(row: RowView): number {
  const time = cell(row, 'Remaining').time;
  if (!time) throw new Error(`row ${row.id} has no <time> in Remaining: "${cell(row, 'Remaining').text}"`);
  return parseIsoDuration(time.datetime);
}

/**
 * Polls the popup until the cookie's row exists and `accept` agrees; the
 * timeout message carries the last rows seen, which is the evidence a failure needs.
 */
export async function waitForRow(
  popup: TabHandle,
  domain: string,
  name: string,
  accept: (row: RowView) => boolean = () => true,
  options: { timeout?: number; what?: string } = {},
): Promise<{ row: RowView; at: number }> {
  let last: PopupView | null = null;
  // A person reads the popup in front; a hidden tab may legitimately pause its countdowns.
  await popup.bringToFront();
  try {
    return await waitFor(
      async () => {
        last = await readPopup(popup);
        const row = findRow(last, domain, name);
        return row && accept(row) ? { row, at: Date.now() } : undefined;
      },
      { timeout: options.timeout ?? 5000, interval: 50, message: options.what ?? `the row of ${name} on ${domain}` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlast popup seen: ${JSON.stringify(summary(last), null, 1)}`, { cause: err });
  }
}

/** A compact view of the rows for messages. */
export function summary(view: PopupView | null): unknown {
  if (!view) return null;
  return {
    headers: view.headers,
    rows: view.rows.map((r) => ({
      id: r.id,
      ...Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v.time ? `${v.text} <time ${v.time.datetime}>` : v.text])),
    })),
    text: view.text.slice(0, 400),
  };
}

/** Whether "Show all cookies" is on, or null when the popup shows no such switch. */
export function readShowAll(popup: TabHandle): Promise<boolean | null> {
  return popup.evaluate(() => {
    const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const label = Array.from(document.querySelectorAll('label')).find((l) => norm(l.textContent) === 'Show all cookies');
    const input = label?.control;
    return input instanceof HTMLInputElement ? input.checked : null;
  }, null);
}

/** Turns "Show all cookies" on or off by clicking it, as a person would, and waits until the popup says it is. */
export async function setShowAll(popup: TabHandle, on: boolean): Promise<void> {
  await popup.bringToFront();
  const now = await waitFor(async () => (await readShowAll(popup)) ?? undefined, {
    timeout: 5000,
    message: 'the "Show all cookies" switch',
  }).catch(async () => readShowAll(popup));
  if (now === null) throw new Error('the popup shows no "Show all cookies" switch');
  if (now !== on) await popup.click(await mark(popup, { field: 'Show all cookies' }));
  await waitFor(async () => ((await readShowAll(popup)) === on ? true : undefined), {
    timeout: 5000,
    message: `"Show all cookies" to be ${on ? 'on' : 'off'}`,
  });
}

/** The aria-pressed of the row's "Mark <name> as the session" toggle, or null without one. */
export function readSessionMark(popup: TabHandle, rowId: string, name: string): Promise<boolean | null> {
  return popup.evaluate(
    ({ id, label }) => {
      const row = Array.from(document.querySelectorAll('tr[data-id]')).find((tr) => tr.getAttribute('data-id') === id);
      const button = Array.from(row?.querySelectorAll('button') ?? []).find((b) => b.getAttribute('aria-label') === label);
      if (!button) return null;
      return button.getAttribute('aria-pressed') === 'true';
    },
    { id: rowId, label: `Mark ${name} as the session` },
  );
}

/** Clicks the row's "Mark <name> as the session" toggle and waits for its aria-pressed to read `pressed`. */
export async function toggleSessionMark(popup: TabHandle, row: RowView, pressed: boolean): Promise<void> {
  const selector = await popup.evaluate(
    ({ id, label }) => {
      const tr = Array.from(document.querySelectorAll('tr[data-id]')).find((r) => r.getAttribute('data-id') === id);
      const button = Array.from(tr?.querySelectorAll('button') ?? []).find((b) => b.getAttribute('aria-label') === label);
      if (!button) return null;
      const token = `m${Math.random().toString(36).slice(2)}`;
      button.setAttribute('data-e2e-mark', token);
      return `[data-e2e-mark="${token}"]`;
    },
    { id: row.id, label: `Mark ${row.name} as the session` },
  );
  if (!selector) throw new Error(`row ${row.id} has no "Mark ${row.name} as the session" button`);
  await popup.click(selector);
  await waitFor(async () => ((await readSessionMark(popup, row.id, row.name)) === pressed ? true : undefined), {
    timeout: 5000,
    message: `"Mark ${row.name} as the session" to be aria-pressed=${pressed}`,
  });
}

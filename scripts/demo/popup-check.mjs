/**
 * The demo's self-check, the same in both browsers: press "Log in" on the
 * demo page, then read the popup as the DOM contract describes it (one
 * `tr[data-id]` per watched cookie, id `<store>|<domain>|<path>|<name>`).
 */
import { poll } from './poll.mjs';

/** @typedef {{ id: string; cells: Record<string, string> }} PopupRow */
/**
 * A tab of either browser's driver, as the check uses it.
 * @typedef {{ evaluate<R>(fn: () => R | Promise<R>): Promise<R>; click(selector: string): Promise<void> }} DemoTab
 */

/** Runs inside the popup page (serialised: no closures). */
function popupRowsInPage() {
  const norm = (/** @type {string | null} */ s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const table = document.querySelector('table');
  const headers = table ? Array.from(table.querySelectorAll('th[scope="col"]')).map((th) => norm(th.textContent)) : [];
  const rows = table
    ? Array.from(table.querySelectorAll('tr[data-id]')).map((tr) => {
        /** @type {Record<string, string>} */
        const cells = {};
        Array.from(tr.children).forEach((cell, i) => {
          cells[headers[i] ?? `#${i}`] = norm(cell.textContent);
        });
        return { id: tr.getAttribute('data-id') ?? '', cells };
      })
    : [];
  return { ready: document.documentElement.dataset.ready === 'true', rows };
}

/** Runs inside the demo page: how many answers the page has listed so far. */
function answersInPage() {
  return document.querySelectorAll('#log li').length;
}

/**
 * @param {{ demo: DemoTab, openPopup(): Promise<DemoTab> }} tabs
 * @returns {Promise<{ rows: PopupRow[], row: PopupRow }>}
 */
export async function loginAndReadPopup(tabs) {
  const before = await tabs.demo.evaluate(answersInPage);
  await tabs.demo.click('#login');
  await poll(async () => ((await tabs.demo.evaluate(answersInPage)) > before ? true : undefined), {
    timeout: 10_000,
    what: 'the demo site to answer "Log in"',
  });
  const popup = await tabs.openPopup();
  /** @type {ReturnType<typeof popupRowsInPage> | null} */
  let last = null;
  try {
    return await poll(
      async () => {
        const seen = await popup.evaluate(popupRowsInPage);
        last = seen;
        if (!seen.ready) return undefined;
        const demoRows = seen.rows.filter((r) => r.id.split('|')[1] === '127.0.0.1');
        const row = demoRows.find((r) => r.id.endsWith('|sessionid'));
        return row ? { rows: demoRows, row } : undefined;
      },
      { timeout: 10_000, what: "the popup to show the demo's sessionid row" },
    );
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last popup seen: ${JSON.stringify(last)}`, { cause: err });
  }
}

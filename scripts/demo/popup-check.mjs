/**
 * The demo's self-check, the same in both browsers: press "Log in" on the
 * demo page, then read the popup as the DOM contract describes it (one
 * `tr[data-id]` per watched cookie, id `<store>|<domain>|<path>|<name>`).
 */
import { poll } from './poll.mjs';

/** Runs inside the popup page (serialised: no closures). */
function popupRowsInPage() {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const table = document.querySelector('table');
  const headers = table ? Array.from(table.querySelectorAll('th[scope="col"]')).map((th) => norm(th.textContent)) : [];
  const rows = table
    ? Array.from(table.querySelectorAll('tr[data-id]')).map((tr) => {
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
 * @param {{ demo: { evaluate: Function, click(selector: string): Promise<void> }, openPopup(): Promise<{ evaluate: Function }> }} tabs
 * @returns {Promise<{ rows: { id: string, cells: Record<string, string> }[], row: { id: string, cells: Record<string, string> } }>}
 */
export async function loginAndReadPopup(tabs) {
  const before = await tabs.demo.evaluate(answersInPage);
  await tabs.demo.click('#login');
  await poll(async () => ((await tabs.demo.evaluate(answersInPage)) > before ? true : undefined), {
    timeout: 10_000,
    what: 'the demo site to answer "Log in"',
  });
  const popup = await tabs.openPopup();
  let last = null;
  try {
    return await poll(
      async () => {
        last = await popup.evaluate(popupRowsInPage);
        if (!last.ready) return undefined;
        const demoRows = last.rows.filter((r) => r.id.split('|')[1] === '127.0.0.1');
        const row = demoRows.find((r) => r.id.endsWith('|sessionid'));
        return row ? { rows: demoRows, row } : undefined;
      },
      { timeout: 10_000, what: "the popup to show the demo's sessionid row" },
    );
  } catch (err) {
    throw new Error(`${err.message}; last popup seen: ${JSON.stringify(last)}`);
  }
}

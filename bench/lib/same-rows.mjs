/**
 * The popup's screen, copied for the reference page bench/pages/rows-same.js.
 */

import { FIRST_ROWS } from './ready.mjs';
import { sleep } from './stats.mjs';

/**
 * An element of the copied screen; its text is kept as strings among its children.
 * @typedef {object} CopiedElement
 * @property {string} tag
 * @property {[string, string][]} attributes
 * @property {(string | CopiedElement)[]} children
 */

/** The reference page for popup ready: the popup's own first screen on a plain page. */
export const SAME_PAGE = 'rows-same.html';

/**
 * Runs in an open, settled popup (page.evaluate in Chromium and Firefox):
 * stores what its #app shows, with its first `rows` rows only, as one JSON
 * text under `benchSameRows` (elements as { tag, attributes, children },
 * text as strings); returns how many rows it holds. Comments and the
 * popup's event handlers are not copied: the reference page paints, no more.
 * @param {number} rows
 */
export async function copyPopupScreen(rows) {
  const app = document.getElementById('app');
  if (!app) throw new Error('the popup has no #app');
  const screen = /** @type {HTMLElement} */ (app.cloneNode(true));
  screen.querySelectorAll('tbody tr[data-id]').forEach((tr, i) => {
    if (i >= rows) tr.remove();
  });
  /** @type {(node: Node) => (string | CopiedElement)[]} */
  const copy = (node) => {
    if (node instanceof Text) return [node.data];
    if (!(node instanceof Element)) return [];
    /** @type {[string, string][]} */
    const attributes = [...node.attributes].map((a) => [a.name, a.value]);
    return [{ tag: node.localName, attributes, children: [...node.childNodes].flatMap(copy) }];
  };
  const tree = [...screen.childNodes].flatMap(copy);
  await chrome.storage.local.set({ benchSameRows: JSON.stringify(tree) });
  return screen.querySelectorAll('tbody tr[data-id]').length;
}

/**
 * Stores the screen of a popup just opened on `page` (Playwright's in
 * Chromium, Puppeteer's in Firefox) once it has read the whole store, with
 * its first FIRST_ROWS rows, and closes it.
 * @param {{ evaluate(fn: typeof copyPopupScreen, rows: number): Promise<number>; close(): Promise<void> }} page
 */
export async function storePopupScreen(page) {
  await sleep(1_000);
  const copied = await page.evaluate(copyPopupScreen, FIRST_ROWS);
  await page.close();
  if (copied !== FIRST_ROWS) throw new Error(`the popup's screen held ${copied} rows, expected ${FIRST_ROWS}`);
}

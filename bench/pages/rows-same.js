// A reference for popup ready, not a floor: the popup's own first screen
// (its controls, its table and its first 50 rows, every element and
// attribute, with popup.css) on a plain page, built from one storage key
// by plain DOM calls, no framework and no product code. The bench copied
// that screen from the popup itself (bench/lib/same-rows.mjs), so it
// follows whatever the popup shows. What this page costs over
// rows-floor.html is what the popup's rows cost any page, whatever draws
// them; what the popup costs over this page is its own code.

/** @typedef {import('../lib/same-rows.mjs').CopiedElement} CopiedElement */

/**
 * @param {string | CopiedElement} node
 * @returns {Node}
 */
function build(node) {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of node.attributes) element.setAttribute(name, value);
  for (const child of node.children) element.append(build(child));
  return element;
}

chrome.storage.local.get('benchSameRows').then(
  (items) => {
    /** @type {unknown} */
    const parsed = JSON.parse(/** @type {string} */ (items.benchSameRows ?? '[]'));
    const tree = /** @type {(string | CopiedElement)[]} */ (parsed);
    /** @type {HTMLElement} */ (document.getElementById('app')).append(...tree.map(build));
    performance.mark('session-watch:ready');
    document.documentElement.dataset.ready = 'true';
  },
  (err) => console.error(err),
);

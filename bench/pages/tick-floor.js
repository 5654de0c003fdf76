// The naive live list: 500 countdowns, every text node rewritten once a second
// on a timer aligned to the second, as the popup's shared clock is.
const ROWS = 500;
const list = /** @type {HTMLElement} */ (document.getElementById('rows'));
/** @type {{ node: Text; expiresAt: number }[]} */
const nodes = [];
const start = Date.now();
for (let i = 0; i < ROWS; i += 1) {
  const item = document.createElement('li');
  const node = document.createTextNode('');
  item.append(node);
  list.append(item);
  nodes.push({ node, expiresAt: start + (20 + (i % 38)) * 60_000 + i * 1000 });
}
const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
function tick() {
  const now = Date.now();
  for (const { node, expiresAt } of nodes) {
    const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));
    node.data = `${Math.floor(left / 60)}:${two(left % 60)}`;
  }
  setTimeout(tick, 1000 - (Date.now() % 1000));
}
tick();
performance.mark('session-watch:ready');
document.documentElement.dataset.ready = 'true';

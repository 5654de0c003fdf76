// A reference for the live tick, not a floor: as many countdowns as the
// popup has ticking (`?n=13`), each in a contained box in a plain page, each
// second writing what the popup writes to each (its text and its datetime
// attribute), on the popup's clock. What this costs over tick-one.html is
// what the number of countdowns on screen costs any page, whatever draws them.
const n = Math.max(1, Number(new URLSearchParams(location.search).get('n') ?? '1'));
const boxes = Array.from({ length: n }, (_, i) => {
  const p = document.body.appendChild(document.createElement('p'));
  const time = p.appendChild(document.createElement('time'));
  // Different ends, so every box shows its own text, as the popup's rows do.
  return { time, node: time.appendChild(document.createTextNode('')), expiresAt: Date.now() + (20 * 60 + i * 37) * 1000 };
});
const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
function tick() {
  const now = Date.now();
  for (const box of boxes) {
    const left = Math.max(0, Math.ceil((box.expiresAt - now) / 1000));
    box.node.data = `${Math.floor(left / 60)}:${two(left % 60)}`;
    box.time.setAttribute('datetime', `PT${left}S`);
  }
  setTimeout(() => requestAnimationFrame(tick), 1000 - (Date.now() % 1000));
}
tick();
performance.mark('session-watch:ready');
document.documentElement.dataset.ready = 'true';

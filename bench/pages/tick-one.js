// A reference, not a budget floor: the least any page with a live countdown
// can cost. One countdown in a contained box, written as the popup writes
// each of its countdowns: a timer aligned to the next whole second, then the
// next animation frame, then the text node. What it costs per second is what
// waking up once a second costs this machine.
const node = /** @type {HTMLElement} */ (document.getElementById('left')).appendChild(document.createTextNode(''));
const expiresAt = Date.now() + 30 * 60_000;
const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
function tick() {
  const left = Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
  node.data = `${Math.floor(left / 60)}:${two(left % 60)}`;
  setTimeout(() => requestAnimationFrame(tick), 1000 - (Date.now() % 1000));
}
tick();
performance.mark('session-watch:ready');
document.documentElement.dataset.ready = 'true';

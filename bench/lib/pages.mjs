/** Opening extension pages and reading the bench's marks from them. */
import { processCpuMs, threadCpuMs, workerThreadCpuMs } from './chromium.mjs';
import { site, watched } from './seed.mjs';
import { sleep } from './stats.mjs';

/** @typedef {import('./chromium.mjs').Bench} Bench */
/** @typedef {import('playwright-core').Page} Page */

/**
 * @param {Bench} b
 * @param {string} path
 */
export async function openPage(b, path, { ready = true, front = false } = {}) {
  const page = await b.context.newPage();
  await page.goto(b.url(path));
  if (front) await page.bringToFront();
  if (ready) await untilReady(page);
  return page;
}

/**
 * Resolves once the page has marked itself ready (documentElement data-ready="true").
 * @param {Page} page
 */
export async function untilReady(page, timeout = 60_000) {
  const ready = await page.evaluate(
    (ms) =>
      Promise.race([
        window.__bench.whenReady,
        new Promise((/** @type {(v: null) => void} */ resolve) => setTimeout(() => resolve(null), ms)),
      ]),
    timeout,
  );
  if (ready === null) throw new Error(`${page.url()} did not mark itself ready within ${timeout} ms`);
  return ready;
}

/**
 * Runs fn(page) on the bench setup page, then closes it so no other page shares the extension process.
 * @template T
 * @param {Bench} b
 * @param {(page: Page) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withSetup(b, fn) {
  const page = await openPage(b, 'bench-setup.html');
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

/**
 * Watches the first `sites` bench sites (as the options page would store
 * them), sets `cookies` on them (siteCookies), and waits until the worker
 * holds a live record of every one: the state the cookie-change and request
 * figures start from.
 * @param {Bench} b
 * @param {number} sites
 * @param {Parameters<import('playwright-core').BrowserContext['addCookies']>[0]} cookies
 */
export async function seedWatchedSites(b, sites, cookies) {
  await withSetup(b, async (setup) => {
    await setup.evaluate(
      (d) => window.benchSetup.setSettings(d),
      Array.from({ length: sites }, (_, i) => watched(site(i))),
    );
    await b.context.addCookies(cookies);
    await waitFor(async () => (await setup.evaluate(() => window.benchSetup.countRecords())).live === cookies.length, {
      what: 'the watched records',
    });
  });
}

/**
 * @template T
 * @param {() => T | Promise<T>} check
 * @returns {Promise<T>} the first truthy value check() gives
 */
export async function waitFor(check, { timeout = 60_000, every = 100, what = 'a condition' } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/**
 * Waits until the worker thread has used under `quietMs` of CPU in each of
 * `windows` consecutive `windowMs` windows: the worker has finished what a
 * burst or a settings change started (storage round trips leave it idle
 * between steps, so one quiet window is not enough).
 * @param {number} pid the extension process
 */
export async function workerQuiet(pid, { windowMs = 500, windows = 3, quietMs = 2, timeout = 120_000 } = {}) {
  const until = Date.now() + timeout;
  let last = workerThreadCpuMs(pid);
  let quiet = 0;
  while (quiet < windows) {
    await sleep(windowMs);
    const now = workerThreadCpuMs(pid);
    quiet = now - last < quietMs ? quiet + 1 : 0;
    last = now;
    if (Date.now() > until) throw new Error('the worker never went quiet');
  }
}

/**
 * CPU counters of the extension process and its service worker thread, for deltas.
 * @param {number} pid
 * @param {number[]} browserPids
 */
export function cpuCounters(pid, browserPids = []) {
  return {
    worker: workerThreadCpuMs(pid),
    process: processCpuMs(pid),
    browser: browserPids.reduce((sum, p) => sum + processCpuMs(p), 0),
    at: performance.now(),
  };
}

/**
 * Waits until the extension process's main thread (where its pages run) is
 * idle, so a page load does not start while the previous page is still
 * being torn down: both floor and subject loads wait the same way.
 * @param {number} pid
 */
export async function mainQuiet(pid, { windowMs = 100, windows = 2, quietMs = 3, timeout = 10_000 } = {}) {
  const until = Date.now() + timeout;
  let last = threadCpuMs(pid);
  let quiet = 0;
  while (quiet < windows && Date.now() < until) {
    await sleep(windowMs);
    const now = threadCpuMs(pid);
    quiet = now - last < quietMs ? quiet + 1 : 0;
    last = now;
  }
}

/**
 * Lets the popup list `target` rows: waits while it adds rows by itself, and
 * presses its "Show … more" when it stops; returns how many rows it lists.
 * @param {Page} page
 * @param {number} target
 */
export async function expandRows(page, target) {
  const count = () => page.evaluate(() => document.querySelectorAll('tbody tr[data-id]').length);
  let rows = await count();
  for (let i = 0; i < 200 && rows < target; i += 1) {
    await sleep(250);
    const now = await count();
    if (now > rows) {
      rows = now;
      continue;
    }
    // A DOM click, not a mouse one: a pointer left resting over the table would add a
    // hit test to every tick (Blink's fake mouse move after layout), which the floor page never pays.
    const pressed = await page.evaluate(() => {
      const more = /** @type {HTMLButtonElement | null} */ (document.querySelector('.show-more button'));
      more?.click();
      return more !== null;
    });
    if (!pressed) break;
    await sleep(100);
    rows = await count();
  }
  return rows;
}

/**
 * One browser run of the product build: popup ready (50 session rows of 200
 * cookies), live tick (500 rows), JS heaps (popup with 500 rows, worker with
 * 1,000 watched cookies), and scale (5,000 watched cookies on 500 sites).
 * Settings are written from the bench setup page with the product's own
 * storage module (src/platform/settings-store.ts, as the options page writes them).
 */
import { launch, threadCpuMs } from '../lib/chromium.mjs';
import { expandRows, mainQuiet, openPage, untilReady, waitFor, withSetup, workerQuiet } from '../lib/pages.mjs';
import { startProfile, summariseProfile } from '../lib/profile.mjs';
import { expectRows, FIRST_ROWS, inTurns, readyFigures } from '../lib/ready.mjs';
import { SAME_PAGE, storePopupScreen } from '../lib/same-rows.mjs';
import { liveRecord, site, siteCookies, tickingLifetime, watched } from '../lib/seed.mjs';
import { sleep, summary } from '../lib/stats.mjs';

const SITES = 50;
const ROWS = 'tbody tr[data-id]';
/** The popup-ready floor (bench/pages/rows-floor.js) and how many rows it lists. */
const FLOOR_PAGE = 'rows-floor.html';

/** @typedef {import('../lib/chromium.mjs').Bench} Bench */
/** @typedef {import('playwright-core').Page} Page */

/**
 * Navigation start to the page (the popup, or the reads reference) marking itself ready, with how many rows it listed then.
 * @param {Bench} b
 * @param {number} pid the extension process
 * @param {[number, number]} rows the least and most rows it may list
 * @param {{ summary?: ReturnType<typeof summariseProfile> } | null} profile filled with a profile of the load when given
 */
async function popupLoad(b, pid, rows, profile = null, path = 'popup.html') {
  await mainQuiet(pid);
  const page = await b.context.newPage();
  let stop = null;
  if (profile) {
    // Same-process start page, so the profiler is already running when popup.js is compiled.
    await page.goto(b.url('blank.html'));
    stop = await startProfile(await b.context.newCDPSession(page), 100);
  }
  await page.goto(b.url(path));
  await untilReady(page);
  const m = await page.evaluate(() => {
    const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
    return {
      // Both set by now (untilReady); null would compare and divide as 0.
      ready: window.__bench.ready ?? 0,
      rows: window.__bench.rowsAtReady ?? 0,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      longestTask: Math.max(0, ...window.__bench.longTasks.map((t) => t.duration)),
    };
  });
  if (stop && profile) {
    await sleep(300);
    profile.summary = summariseProfile(await stop(), { dir: b.dir });
  }
  await page.close();
  expectRows(path, m.rows, rows);
  return m;
}

/**
 * Floor page (one storage key, 50 plain rows) and popup loads interleaved; one ratio per pair.
 * With `same`, each repetition also loads the reference page (the popup's own first screen on a
 * plain page, bench/pages/rows-same.js), and the three take turns at going first.
 * @param {Bench} b
 * @param {number} pid the extension process
 * @param {number} reps
 * @param {[number, number]} rows the least and most rows the popup may list
 */
async function readyPairs(b, pid, reps, rows, profileOne = false, same = false) {
  const floorLoad = () => popupLoad(b, pid, [FIRST_ROWS, FIRST_ROWS], null, FLOOR_PAGE);
  const popup = () => popupLoad(b, pid, rows);
  const sameLoad = () => popupLoad(b, pid, [FIRST_ROWS, FIRST_ROWS], null, SAME_PAGE);
  const pages = same ? [floorLoad, popup, sameLoad] : [floorLoad, popup];
  // Warm-up: the first navigations pay one-time costs (code caches, the process's first documents).
  for (const load of pages) await load();
  const [floorLoads = [], popupLoads = [], sameLoads = []] = await inTurns(pages, reps);
  const floor = floorLoads.map((m) => m.ready);
  const subject = popupLoads.map((m) => m.ready);
  /** @type {{ summary?: ReturnType<typeof summariseProfile> }} */
  const profile = {};
  if (profileOne) await popupLoad(b, pid, rows, profile);
  return {
    ...readyFigures(floor, subject, same ? sameLoads.map((m) => m.ready) : null),
    popupDomContentLoadedMs: summary(popupLoads.map((m) => m.domContentLoaded)),
    longestTaskMs: summary(popupLoads.map((m) => m.longestTask)),
    rowsAtReady: popupLoads.at(-1)?.rows ?? 0,
    ...(profileOne ? { profile: profile.summary } : {}),
  };
}

/**
 * Main-thread CPU per second of an open page, the only page in the extension
 * process, over `seconds`: DevTools Performance.getMetrics (ScriptDuration +
 * LayoutDuration + RecalcStyleDuration deltas), and the main thread's own CPU
 * time from /proc (schedstat). The first are wall-clock lengths of tasks and
 * stretch when the machine is busy; the second is CPU the thread really used.
 * @param {Bench} b
 * @param {number} pid the extension process
 * @param {string} path
 * @param {number} seconds
 * @param {number} rows
 */
async function tickCpu(b, pid, path, seconds, rows) {
  const page = await openPage(b, path, { front: true });
  const listed = path === 'popup.html' ? await expandRows(page, rows) : rows;
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await sleep(1500);
  // Every page starts its window with nothing left to collect: what it allocated while it was
  // built (500 rows, for the popup) is not billed to the seconds it then spends open.
  await cdp.send('HeapProfiler.collectGarbage');
  await sleep(200);
  const read = async () =>
    /** @type {Record<string, number>} */ (
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
    );
  const a = await read();
  const cpuA = threadCpuMs(pid);
  await sleep(seconds * 1000);
  const cpuZ = threadCpuMs(pid);
  const z = await read();
  const stamp = (/** @type {Record<string, number>} */ m) => m.Timestamp ?? NaN;
  const perS = (/** @type {string} */ k) => (((z[k] ?? NaN) - (a[k] ?? NaN)) / (stamp(z) - stamp(a))) * 1000;
  const ticking = await page.evaluate(() => document.querySelectorAll('.ticking').length);
  await page.close();
  const script = perS('ScriptDuration');
  const layout = perS('LayoutDuration');
  const style = perS('RecalcStyleDuration');
  return {
    msPerS: script + layout + style,
    scriptMsPerS: script,
    layoutMsPerS: layout,
    styleMsPerS: style,
    threadCpuMsPerS: (cpuZ - cpuA) / (stamp(z) - stamp(a)),
    ticking,
    rows: listed,
  };
}

/** @typedef {Awaited<ReturnType<typeof tickCpu>>} Tick */

/**
 * The one-countdown floor page and the popup measured in turn, `reps` times; one ratio per pair, for each way of counting.
 * @param {Bench} b
 * @param {number} pid the extension process
 * @param {number} reps
 * @param {number} seconds
 * @param {number} rows
 */
async function tickPairs(b, pid, reps, seconds, rows) {
  // Warm-up: the first popup with this many rows compiles and optimises its row code.
  await tickCpu(b, pid, 'popup.html', 1, rows);
  /** @type {number[]} */ const floor = [];
  /** @type {number[]} */ const subject = [];
  /** @type {number[]} */ const ratios = [];
  /** @type {number[]} */ const floorCpu = [];
  /** @type {number[]} */ const subjectCpu = [];
  /** @type {number[]} */ const cpuRatios = [];
  /** @type {number[]} */ const plain = [];
  /** @type {number[]} */ const plainRatios = [];
  /** @type {{ popup: Tick; floor: Tick; plain: Tick } | null} */
  let last = null;
  for (let i = 0; i < reps; i += 1) {
    const f = await tickCpu(b, pid, 'tick-one.html', seconds, 1);
    const p = await tickCpu(b, pid, 'popup.html', seconds, rows);
    // The same number of countdowns as the popup ticked, on a plain page: what that many cost anywhere.
    const m = await tickCpu(b, pid, `tick-many.html?n=${p.ticking}`, seconds, p.ticking);
    floor.push(f.msPerS);
    subject.push(p.msPerS);
    ratios.push(p.msPerS / f.msPerS);
    plain.push(m.msPerS);
    plainRatios.push(m.msPerS / f.msPerS);
    floorCpu.push(f.threadCpuMsPerS);
    subjectCpu.push(p.threadCpuMsPerS);
    cpuRatios.push(p.threadCpuMsPerS / f.threadCpuMsPerS);
    last = { popup: p, floor: f, plain: m };
  }
  return {
    floorMsPerS: summary(floor),
    subjectMsPerS: summary(subject),
    ratio: summary(ratios),
    floorThreadCpuMsPerS: summary(floorCpu),
    subjectThreadCpuMsPerS: summary(subjectCpu),
    threadCpuRatio: summary(cpuRatios),
    plainMsPerS: summary(plain),
    plainRatio: summary(plainRatios),
    last,
  };
}

/**
 * Used JS heap of the page's isolate after a full GC (the only page open in the extension process).
 * @param {Bench} b
 * @param {string} path
 */
async function pageHeap(b, path, rows = 0) {
  const page = await openPage(b, path, { ready: path !== 'blank.html' });
  const listed = rows > 0 ? await expandRows(page, rows) : 0;
  const cdp = await b.context.newCDPSession(page);
  await sleep(500);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await page.close();
  return { bytes: usedSize, rows: listed };
}

/** @param {Bench} b */
async function workerHeap(b) {
  const ws = await b.workerSession();
  await ws.send('HeapProfiler.collectGarbage');
  const { usedSize } = await ws.send('Runtime.getHeapUsage');
  await ws.detach();
  return usedSize;
}

const countRecords = (/** @type {Page} */ page) => page.evaluate(() => window.benchSetup.countRecords());

/**
 * @typedef {{ query: string; rows: number; narrowedMs: number | null; paintedMs: number | null; longestTaskMs: number }} FilterResult
 */

/**
 * The popup at scale: what it shows, and how fast it answers what the user and the worker do.
 * @param {Bench} b
 * @param {number} updates
 */
async function responsiveness(b, updates) {
  const page = await openPage(b, 'popup.html', { front: true });
  await sleep(500);
  const rowsListed = await page.evaluate((s) => document.querySelectorAll(s).length, ROWS);
  /** @type {number[]} */
  const recordUpdateMs = [];
  const setup = await openPage(b, 'bench-setup.html');
  await page.bringToFront();
  for (let i = 0; i < updates; i += 1) {
    // The first row's cookie refreshed by its site: the worker rewrites its record, the popup re-renders the row.
    const id = await page.evaluate((s) => /** @type {HTMLElement | null} */ (document.querySelector(s))?.dataset.id ?? '', ROWS);
    const record = await setup.evaluate((rid) => window.benchSetup.record(rid), id);
    if (!record || record.expiresAt === null) throw new Error(`no live record ${id} to refresh`);
    const next = { ...record, expiresAt: record.expiresAt - 60_000, lastRefreshed: Date.now() };
    const iso = `${new Date(next.expiresAt).toISOString().slice(0, 19)}Z`;
    const seen = page.evaluate(
      ({ rid, iso }) =>
        new Promise((/** @type {(at: number) => void} */ resolve, reject) => {
          const check = () => document.querySelector(`tr[data-id="${CSS.escape(rid)}"] td.expires time`)?.getAttribute('datetime') === iso;
          const observer = new MutationObserver(() => {
            if (!check()) return;
            observer.disconnect();
            window.__bench.afterFrame().then(() => resolve(Date.now()), reject);
          });
          observer.observe(document.querySelector('main') ?? document.body, { subtree: true, attributes: true, childList: true });
        }),
      { rid: id, iso },
    );
    await sleep(50);
    const sent = await setup.evaluate(async (r) => {
      const at = Date.now();
      await window.benchSetup.writeRecords([r]);
      return at;
    }, next);
    recordUpdateMs.push((await seen) - sent);
    await sleep(300);
  }
  await setup.close();

  // The filter box, when the popup has one: type a site name, time from the last keystroke to the narrowed table painted.
  const hasFilterBox = await page.evaluate(() => document.querySelector('#row-filter, input[type="search"]') !== null);
  /** @type {FilterResult | undefined} */
  let filter;
  if (hasFilterBox) {
    filter = await page.evaluate(
      ({ query, expect, rows }) =>
        new Promise((/** @type {(r: FilterResult) => void} */ resolve, reject) => {
          const input = /** @type {HTMLInputElement} */ (document.querySelector('#row-filter, input[type="search"]'));
          const count = () => document.querySelectorAll(rows).length;
          const tasksBefore = window.__bench.longTasks.length;
          let typed = 0;
          let finished = false;
          const done = (/** @type {boolean} */ narrowed) => {
            if (finished) return;
            finished = true;
            observer.disconnect();
            const at = performance.now();
            window.__bench.afterFrame().then(
              () =>
                resolve({
                  query,
                  rows: count(),
                  narrowedMs: narrowed ? at - typed : null,
                  paintedMs: narrowed ? performance.now() - typed : null,
                  longestTaskMs: Math.max(0, ...window.__bench.longTasks.slice(tasksBefore).map((t) => t.duration)),
                }),
              reject,
            );
          };
          const observer = new MutationObserver(() => {
            if (count() === expect) done(true);
          });
          observer.observe(document.querySelector('main') ?? document.body, { subtree: true, childList: true });
          setTimeout(() => done(false), 5000);
          input.focus();
          for (let i = 1; i <= query.length; i += 1) {
            input.value = query.slice(0, i);
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
          typed = performance.now();
        }),
      { query: site(122), expect: 10, rows: ROWS },
    );
    await page.evaluate(() => {
      const input = /** @type {HTMLInputElement} */ (document.querySelector('#row-filter, input[type="search"]'));
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await sleep(500);
  }

  // "Show all cookies" off: from every cookie to the sessions. Click to the next frame.
  const toggleMs = await page.evaluate(() => {
    const start = performance.now();
    /** @type {HTMLElement} */ (document.getElementById('show-all')).click();
    return window.__bench.afterFrame().then(() => performance.now() - start);
  });
  const rowsAfterToggle = await page.evaluate((s) => document.querySelectorAll(s).length, ROWS);
  const longestTaskMs = await page.evaluate(() => Math.max(0, ...window.__bench.longTasks.map((t) => t.duration)));
  await page.close();
  return { rowsListed, recordUpdateMs, hasFilterBox, ...(filter ? { filter } : {}), toggleMs, rowsAfterToggle, longestTaskMs };
}

/**
 * @param {string} subjectDir the product's build
 * @param {{ reps: number; tickReps: number; tickSeconds: number; scaleReps: number; profile: boolean }} plan
 */
export async function runPages(subjectDir, { reps, tickReps, tickSeconds, scaleReps, profile }) {
  const b = await launch(subjectDir);
  try {
    const pid = await b.extensionPid();
    const workerEmpty = await workerHeap(b);

    // 1. 50 sites x 4 cookies; one session cookie per site is what the popup lists by default.
    const domains = Array.from({ length: SITES }, (_, i) => watched(site(i)));
    const t0 = Date.now();
    await withSetup(b, async (setup) => {
      await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: false }), domains);
      await b.context.addCookies(siteCookies(SITES, 4, t0));
      await waitFor(async () => (await countRecords(setup)).live === 200, { what: '200 records' });
    });
    await withSetup(b, (setup) => setup.evaluate(() => window.benchSetup.writeFloorRows(false)));
    await workerQuiet(pid);
    // The popup's screen, once it has read the whole store, for the reference page.
    await storePopupScreen(await openPage(b, 'popup.html'));
    await workerQuiet(pid);
    const popupReady = await readyPairs(b, pid, reps, [SITES, SITES], profile, true);

    // 2. 500 live rows: 10 cookies per site, "Show all cookies" on.
    await withSetup(b, async (setup) => {
      await b.context.addCookies(siteCookies(SITES, 10, t0, { from: 4 }));
      await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: true }), domains);
      await waitFor(async () => (await countRecords(setup)).live === 500, { what: '500 records' });
    });
    await workerQuiet(pid);
    const tick = await tickPairs(b, pid, tickReps, tickSeconds, 500);
    const heap = { blank: await pageHeap(b, 'blank.html'), popup500: await pageHeap(b, 'popup.html', 500) };

    // 3. 1,000 watched cookies: 20 per site.
    await withSetup(b, async (setup) => {
      await b.context.addCookies(siteCookies(SITES, 20, t0, { from: 10 }));
      await waitFor(async () => (await countRecords(setup)).live === 1000, { what: '1,000 records' });
    });
    await workerQuiet(pid);
    const worker1000 = await workerHeap(b);

    // 4. Scale: 500 watched sites, 5,000 watched cookies. Chromium keeps at most
    // 3,300 cookies per profile (it evicts down to 3,000), so the 5,000 records
    // are written as the worker writes them, with the product's storage module.
    const many = Array.from({ length: 500 }, (_, i) => watched(site(i)));
    const settingsWritten = await withSetup(b, async (setup) => {
      let stored = 0;
      /** @type {string | null} */
      let error = null;
      for (const n of [500, 400, 300, 200, 100]) {
        try {
          stored = await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: true }), many.slice(0, n));
          break;
        } catch (e) {
          error ??= String((e instanceof Error ? e.message : null) ?? e).split('\n')[0] ?? '';
        }
      }
      return { watchedDomains: stored, settingsError: error };
    });
    // The settings change makes the worker rescan every watched site.
    await workerQuiet(pid, { timeout: 180_000 });
    const now = Date.now();
    /** @type {ReturnType<typeof liveRecord>[]} */
    const records = [];
    for (let s = 0; s < 500; s += 1) {
      for (let c = 0; c < 10; c += 1) {
        const name = c === 0 ? 'sessionid' : (['csrftoken', 'theme', '_ga'][c - 1] ?? `pref${c}`);
        records.push(liveRecord(site(s), name, now, tickingLifetime(s * 10 + c), c === 0));
      }
    }
    await withSetup(b, async (setup) => {
      await setup.evaluate(() => window.benchSetup.clearRecords());
      await setup.evaluate((r) => window.benchSetup.writeRecords(r), records);
      const count = await countRecords(setup);
      if (count.total !== 5000) throw new Error(`expected 5,000 records, found ${count.total}`);
      // Written past the worker, which would have kept the popup's first screen in the same run of its planner.
      await setup.evaluate(() => window.benchSetup.writeFirstScreen());
      await setup.evaluate(() => window.benchSetup.writeFloorRows(true));
    });
    await workerQuiet(pid);
    const scale = {
      ...settingsWritten,
      ready: await readyPairs(b, pid, scaleReps, [1, 5000], profile),
      tick: await tickCpu(b, pid, 'popup.html', tickSeconds, 0),
      heapPopup: await pageHeap(b, 'popup.html'),
      responsiveness: await responsiveness(b, 3),
    };
    return { popupReady, tick, heap: { ...heap, worker1000, workerEmpty }, scale };
  } finally {
    await b.close();
  }
}

/**
 * One browser run of the product build: popup ready (50 session rows of 200
 * cookies), live tick (500 rows), JS heaps (popup with 500 rows, worker with
 * 1,000 watched cookies), and scale (5,000 watched cookies on 500 sites).
 * Settings are written from the bench setup page with the product's own
 * storage module (src/platform/storage.ts, as the options page writes them).
 */
import { launch, threadCpuMs } from '../lib/chromium.mjs';
import { expandRows, mainQuiet, openPage, untilReady, waitFor, withSetup, workerQuiet } from '../lib/pages.mjs';
import { startProfile, summariseProfile } from '../lib/profile.mjs';
import { liveRecord, site, siteCookies, tickingLifetime, watched } from '../lib/seed.mjs';
import { sleep, summary } from '../lib/stats.mjs';

const SITES = 50;
const ROWS = 'tbody tr[data-id]';

/** Navigation start to load end of a page without script (the floor), on the page's own clock. */
async function blankLoad(b, pid) {
  await mainQuiet(pid);
  const page = await openPage(b, 'blank.html', { ready: false });
  const ms = await page.evaluate(
    () => new Promise((resolve) => setTimeout(() => resolve(performance.getEntriesByType('navigation')[0].loadEventEnd))),
  );
  await page.close();
  return ms;
}

/** Navigation start to the page (the popup, or the reads reference) marking itself ready, with how many rows it listed then. */
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
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      ready: window.__bench.ready,
      rows: window.__bench.rowsAtReady,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      longestTask: Math.max(0, ...window.__bench.longTasks.map((t) => t.duration)),
    };
  });
  if (stop) {
    await sleep(300);
    profile.summary = summariseProfile(await stop(), { dir: b.dir });
  }
  await page.close();
  const [min, max] = rows;
  if (m.rows < min || m.rows > max)
    throw new Error(`${path} listed ${m.rows} rows when ready, expected ${min === max ? min : `${min}-${max}`}`);
  return m;
}

/** Floor and popup loads interleaved; one ratio per pair. */
async function readyPairs(b, pid, reps, rows, profileOne = false) {
  // Warm-up: the first navigations pay one-time costs (code caches, the process's first documents).
  await blankLoad(b, pid);
  await popupLoad(b, pid, rows);
  const floor = [];
  const subject = [];
  const ratios = [];
  const longest = [];
  const dcl = [];
  const reference = [];
  const scriptReference = [];
  const storageReference = [];
  let rowsAtReady = 0;
  for (let i = 0; i < reps; i += 1) {
    const f = await blankLoad(b, pid);
    const s = await popupLoad(b, pid, rows);
    reference.push((await popupLoad(b, pid, [Math.min(50, rows[1]), 50], null, 'reads-floor.html')).ready / f);
    scriptReference.push((await popupLoad(b, pid, [0, 0], null, 'script-floor.html')).ready / f);
    storageReference.push((await popupLoad(b, pid, [0, 0], null, 'storage-floor.html')).ready / f);
    floor.push(f);
    subject.push(s.ready);
    longest.push(s.longestTask);
    dcl.push(s.domContentLoaded);
    ratios.push(s.ready / f);
    rowsAtReady = s.rows;
  }
  const result = {
    floorMs: summary(floor),
    subjectMs: summary(subject),
    ratio: summary(ratios),
    // The same reads and rows without a framework, over the same blank loads: what any popup is bound to cost.
    readsReferenceRatio: summary(reference),
    // The least any extension page that runs a script can do, and the least one that reads storage can.
    scriptReferenceRatio: summary(scriptReference),
    storageReferenceRatio: summary(storageReference),
    popupDomContentLoadedMs: summary(dcl),
    longestTaskMs: summary(longest),
    rowsAtReady,
  };
  if (profileOne) {
    const profile = {};
    await popupLoad(b, pid, rows, profile);
    result.profile = profile.summary;
  }
  return result;
}

/**
 * Main-thread CPU per second of an open page, the only page in the extension
 * process, over `seconds`: DevTools Performance.getMetrics (ScriptDuration +
 * LayoutDuration + RecalcStyleDuration deltas), and the main thread's own CPU
 * time from /proc (schedstat). The first are wall-clock lengths of tasks and
 * stretch when the machine is busy; the second is CPU the thread really used.
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
  const read = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const a = await read();
  const cpuA = threadCpuMs(pid);
  await sleep(seconds * 1000);
  const cpuZ = threadCpuMs(pid);
  const z = await read();
  const perS = (k) => ((z[k] - a[k]) / (z.Timestamp - a.Timestamp)) * 1000;
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
    threadCpuMsPerS: (cpuZ - cpuA) / (z.Timestamp - a.Timestamp),
    ticking,
    rows: listed,
  };
}

/** Floor page and popup measured in turn, `reps` times; one ratio per pair, for each way of counting. */
async function tickPairs(b, pid, reps, seconds, rows) {
  // Warm-up: the first popup with this many rows compiles and optimises its row code.
  await tickCpu(b, pid, 'popup.html', 1, rows);
  const floor = [];
  const subject = [];
  const ratios = [];
  const floorCpu = [];
  const subjectCpu = [];
  const cpuRatios = [];
  const oneRatios = [];
  let last = null;
  for (let i = 0; i < reps; i += 1) {
    const f = await tickCpu(b, pid, 'tick-floor.html', seconds, 500);
    const p = await tickCpu(b, pid, 'popup.html', seconds, rows);
    oneRatios.push((await tickCpu(b, pid, 'tick-one.html', seconds, 1)).msPerS / f.msPerS);
    floor.push(f.msPerS);
    subject.push(p.msPerS);
    ratios.push(p.msPerS / f.msPerS);
    floorCpu.push(f.threadCpuMsPerS);
    subjectCpu.push(p.threadCpuMsPerS);
    cpuRatios.push(p.threadCpuMsPerS / f.threadCpuMsPerS);
    last = { popup: p, floor: f };
  }
  return {
    floorMsPerS: summary(floor),
    subjectMsPerS: summary(subject),
    ratio: summary(ratios),
    floorThreadCpuMsPerS: summary(floorCpu),
    subjectThreadCpuMsPerS: summary(subjectCpu),
    threadCpuRatio: summary(cpuRatios),
    // The same floor windows over a page with one live countdown: what any live page is bound to cost.
    oneCountdownRatio: summary(oneRatios),
    last,
  };
}

/** Used JS heap of the page's isolate after a full GC (the only page open in the extension process). */
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

async function workerHeap(b) {
  const ws = await b.workerSession();
  await ws.send('HeapProfiler.collectGarbage');
  const { usedSize } = await ws.send('Runtime.getHeapUsage');
  await ws.detach();
  return usedSize;
}

const countRecords = (page) => page.evaluate(() => window.benchSetup.countRecords());

/** The popup at scale: what it shows, and how fast it answers what the user and the worker do. */
async function responsiveness(b, updates) {
  const page = await openPage(b, 'popup.html', { front: true });
  await sleep(500);
  const out = { rowsListed: await page.evaluate((s) => document.querySelectorAll(s).length, ROWS), recordUpdateMs: [] };
  const setup = await openPage(b, 'bench-setup.html');
  await page.bringToFront();
  for (let i = 0; i < updates; i += 1) {
    // The first row's cookie refreshed by its site: the worker rewrites its record, the popup re-renders the row.
    const id = await page.evaluate((s) => document.querySelector(s)?.dataset.id, ROWS);
    const record = await setup.evaluate((rid) => window.benchSetup.record(rid), id);
    const next = { ...record, expiresAt: record.expiresAt - 60_000, lastRefreshed: Date.now() };
    const iso = `${new Date(next.expiresAt).toISOString().slice(0, 19)}Z`;
    const seen = page.evaluate(
      ({ rid, iso }) =>
        new Promise((resolve) => {
          const check = () => document.querySelector(`tr[data-id="${CSS.escape(rid)}"] td.expires time`)?.getAttribute('datetime') === iso;
          const observer = new MutationObserver(() => {
            if (!check()) return;
            observer.disconnect();
            window.__bench.afterFrame().then(() => resolve(Date.now()));
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
    out.recordUpdateMs.push((await seen) - sent);
    await sleep(300);
  }
  await setup.close();

  // The filter box, when the popup has one: type a site name, time from the last keystroke to the narrowed table painted.
  out.hasFilterBox = await page.evaluate(() => document.querySelector('#row-filter, input[type="search"]') !== null);
  if (out.hasFilterBox) {
    out.filter = await page.evaluate(
      ({ query, expect, rows }) =>
        new Promise((resolve) => {
          const input = document.querySelector('#row-filter, input[type="search"]');
          const count = () => document.querySelectorAll(rows).length;
          const tasksBefore = window.__bench.longTasks.length;
          let typed = 0;
          let finished = false;
          const done = (narrowed) => {
            if (finished) return;
            finished = true;
            observer.disconnect();
            const at = performance.now();
            window.__bench.afterFrame().then(() =>
              resolve({
                query,
                rows: count(),
                narrowedMs: narrowed ? at - typed : null,
                paintedMs: narrowed ? performance.now() - typed : null,
                longestTaskMs: Math.max(0, ...window.__bench.longTasks.slice(tasksBefore).map((t) => t.duration)),
              }),
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
      const input = document.querySelector('#row-filter, input[type="search"]');
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await sleep(500);
  }

  // "Show all cookies" off: from every cookie to the sessions. Click to the next frame.
  out.toggleMs = await page.evaluate(() => {
    const start = performance.now();
    document.getElementById('show-all').click();
    return window.__bench.afterFrame().then(() => performance.now() - start);
  });
  out.rowsAfterToggle = await page.evaluate((s) => document.querySelectorAll(s).length, ROWS);
  out.longestTaskMs = await page.evaluate(() => Math.max(0, ...window.__bench.longTasks.map((t) => t.duration)));
  await page.close();
  return out;
}

export async function runPages(subjectDir, { reps, tickReps, tickSeconds, scaleReps, profile }) {
  const b = await launch(subjectDir);
  const out = {};
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
    await workerQuiet(pid);
    out.popupReady = await readyPairs(b, pid, reps, [SITES, SITES], profile);

    // 2. 500 live rows: 10 cookies per site, "Show all cookies" on.
    await withSetup(b, async (setup) => {
      await b.context.addCookies(siteCookies(SITES, 10, t0, { from: 4 }));
      await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: true }), domains);
      await waitFor(async () => (await countRecords(setup)).live === 500, { what: '500 records' });
    });
    await workerQuiet(pid);
    out.tick = await tickPairs(b, pid, tickReps, tickSeconds, 500);
    out.heap = { blank: await pageHeap(b, 'blank.html'), popup500: await pageHeap(b, 'popup.html', 500) };

    // 3. 1,000 watched cookies: 20 per site.
    await withSetup(b, async (setup) => {
      await b.context.addCookies(siteCookies(SITES, 20, t0, { from: 10 }));
      await waitFor(async () => (await countRecords(setup)).live === 1000, { what: '1,000 records' });
    });
    await workerQuiet(pid);
    out.heap.worker1000 = await workerHeap(b);
    out.heap.workerEmpty = workerEmpty;

    // 4. Scale: 500 watched sites, 5,000 watched cookies. Chromium keeps at most
    // 3,300 cookies per profile (it evicts down to 3,000), so the 5,000 records
    // are written as the worker writes them, with the product's storage module.
    const many = Array.from({ length: 500 }, (_, i) => watched(site(i)));
    out.scale = {};
    await withSetup(b, async (setup) => {
      let stored = 0;
      let error = null;
      for (const n of [500, 400, 300, 200, 100]) {
        try {
          stored = await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: true }), many.slice(0, n));
          break;
        } catch (e) {
          error ??= String(e.message ?? e).split('\n')[0];
        }
      }
      out.scale.watchedDomains = stored;
      out.scale.settingsError = error;
    });
    // The settings change makes the worker rescan every watched site.
    await workerQuiet(pid, { timeout: 180_000 });
    const now = Date.now();
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
    });
    await workerQuiet(pid);
    out.scale.ready = await readyPairs(b, pid, scaleReps, [1, 5000], profile);
    out.scale.tick = await tickCpu(b, pid, 'popup.html', tickSeconds, 0);
    out.scale.heapPopup = await pageHeap(b, 'popup.html');
    out.scale.responsiveness = await responsiveness(b, 3);
  } finally {
    await b.close();
  }
  return out;
}

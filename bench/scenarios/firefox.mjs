/**
 * The same figures in Firefox ESR (temporary add-ons, the event page in the
 * extension process): popup ready with 200 cookies on 50 watched sites and
 * with 5,000 records on 500, against the floor page in the same run; and the
 * extension process's main-thread CPU per unwatched cookie change against an
 * empty onChanged listener (the floor add-on), each in its own browser run.
 * Firefox runs extension pages and the background page on that one thread,
 * so nothing else of the add-on runs during a burst.
 */
import { launchFirefox } from '../lib/firefox.mjs';
import { readFileSync } from 'node:fs';
import { threadCpuMs } from '../lib/chromium.mjs';
import { expectRows, FIRST_ROWS, inTurns, readyFigures } from '../lib/ready.mjs';
import { SAME_PAGE, storePopupScreen } from '../lib/same-rows.mjs';
import { liveRecord, site, siteCookies, tickingLifetime, watched } from '../lib/seed.mjs';
import { sleep, summary } from '../lib/stats.mjs';

/** The page the popup is measured against (see bench/README-performance.md). */
export const FIREFOX_FLOOR_PAGE = 'rows-floor.html';
const MARK = 'session-watch:ready';

/** @typedef {import('../lib/firefox.mjs').FirefoxBench} FirefoxBench */

/**
 * Navigation start to the page's ready mark, on its own clock; and the rows it lists.
 * @param {FirefoxBench} b
 * @param {string} path
 * @param {[number, number]} rows the least and most rows it may list
 */
async function readyMs(b, path, rows) {
  const page = await b.newPage(path);
  try {
    for (let i = 0; i < 600; i += 1) {
      const m = await page.evaluate((name) => {
        const mark = performance.getEntriesByName(name)[0];
        return mark ? { ms: mark.startTime, rows: document.querySelectorAll('tbody tr[data-id]').length } : null;
      }, MARK);
      if (m) {
        expectRows(path, m.rows, rows);
        return m;
      }
      await sleep(25);
    }
    throw new Error(`${path} never marked itself ready`);
  } finally {
    await page.close();
  }
}

/**
 * Floor and popup loads interleaved; one ratio per pair. With `same`, each repetition also loads
 * the reference page (the popup's own first screen on a plain page, bench/pages/rows-same.js);
 * which page goes first turns.
 * @param {FirefoxBench} b
 * @param {number} reps
 * @param {[number, number]} popupRows the least and most rows the popup may list
 */
async function readyPairs(b, reps, popupRows, same = false) {
  const floorLoad = () => readyMs(b, FIREFOX_FLOOR_PAGE, [FIRST_ROWS, FIRST_ROWS]);
  const popup = () => readyMs(b, 'popup.html', popupRows);
  const sameLoad = () => readyMs(b, SAME_PAGE, [FIRST_ROWS, FIRST_ROWS]);
  const pages = same ? [floorLoad, popup, sameLoad] : [floorLoad, popup];
  for (const load of pages) await load();
  const [floorLoads = [], popupLoads = [], sameLoads = []] = await inTurns(pages, reps);
  const floor = floorLoads.map((m) => m.ms);
  const subject = popupLoads.map((m) => m.ms);
  return {
    ...readyFigures(floor, subject, same ? sameLoads.map((m) => m.ms) : null),
    rowsAtReady: popupLoads.at(-1)?.rows ?? 0,
    samples: { floor, subject },
  };
}

/**
 * Runs fn on the bench setup page of the add-on.
 * @template T
 * @param {FirefoxBench} b
 * @param {(page: import('puppeteer-core').Page) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withSetup(b, fn) {
  const page = await b.newPage('bench-setup.html');
  try {
    for (let i = 0; i < 400 && !(await page.evaluate(() => 'benchSetup' in window)); i += 1) await sleep(25);
    return await fn(page);
  } finally {
    await page.close();
  }
}

/**
 * Sets cookies through the cookies API of the add-on's page (Firefox has no DevTools cookie call here).
 * @param {import('puppeteer-core').Page} page
 * @param {ReturnType<typeof siteCookies>} cookies
 */
async function setCookies(page, cookies) {
  await page.evaluate(async (list) => {
    await Promise.all(
      list.map((c) =>
        browser.cookies.set({
          url: c.url ?? '',
          name: c.name,
          value: c.value,
          expirationDate: c.expires,
          httpOnly: c.httpOnly,
          secure: c.secure,
          sameSite: 'lax',
        }),
      ),
    );
  }, cookies);
}

/**
 * @param {() => Promise<boolean>} check
 * @param {string} what
 */
async function until(check, what, timeout = 120_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * Watches the first `sites` bench sites, sets `cookies` on them, and waits
 * until the worker holds a live record of each (Firefox's twin of
 * seedWatchedSites in bench/lib/pages.mjs).
 * @param {FirefoxBench} b
 * @param {number} sites
 * @param {ReturnType<typeof siteCookies>} cookies
 * @param {boolean} showAllCookies
 */
async function watchWithCookies(b, sites, cookies, showAllCookies) {
  await withSetup(b, async (setup) => {
    await setup.evaluate(
      (d, all) => window.benchSetup.setSettings(d, { showAllCookies: all }),
      Array.from({ length: sites }, (_, i) => watched(site(i))),
      showAllCookies,
    );
    await setCookies(setup, cookies);
    await until(
      async () => (await setup.evaluate(() => window.benchSetup.countRecords())).live === cookies.length,
      `the ${cookies.length} records`,
    );
  });
}

/**
 * Waits until the add-on's thread used under 2 ms in each of three 500 ms windows.
 * @param {number} pid
 */
async function quiet(pid, timeout = 120_000) {
  const end = Date.now() + timeout;
  let last = threadCpuMs(pid);
  for (let calm = 0; calm < 3;) {
    await sleep(500);
    const now = threadCpuMs(pid);
    calm = now - last < 2 ? calm + 1 : 0;
    last = now;
    if (Date.now() > end) throw new Error('the add-on never went quiet');
  }
}

/**
 * Popup ready with 200 cookies (50 sites, 4 each: the session and three others) and with 5,000 records on 500 sites.
 * @param {string} dir the Firefox subject
 * @param {number} reps
 */
async function popupFigures(dir, reps) {
  const b = await launchFirefox(dir, 'subject');
  try {
    const pid = await b.extensionPid();
    const now = Date.now();
    const cookies = siteCookies(50, 4, now);
    await watchWithCookies(b, 50, cookies, false);
    await quiet(pid);
    await withSetup(b, (setup) => setup.evaluate(() => window.benchSetup.writeFloorRows(false)));
    // The popup's screen, once it has read the whole store, for the reference page.
    await storePopupScreen(await b.newPage('popup.html'));
    await quiet(pid);
    const small = await readyPairs(b, reps, [FIRST_ROWS, FIRST_ROWS], true);

    // Beyond what a cookie jar holds (Firefox keeps at most 3,000): records written as the worker writes them.
    await withSetup(b, async (setup) => {
      const domains = Array.from({ length: 500 }, (_, i) => watched(site(i)));
      await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: false }), domains);
      /** @type {ReturnType<typeof liveRecord>[]} */
      const records = [];
      for (let s = 0; s < 500; s += 1) {
        for (let c = 0; c < 10; c += 1)
          records.push(liveRecord(site(s), c === 0 ? 'sessionid' : `pref${c}`, now, tickingLifetime(s * 10 + c), c === 0));
      }
      await setup.evaluate(() => window.benchSetup.clearRecords());
      await setup.evaluate((r) => window.benchSetup.writeRecords(r), records);
      // What the worker's planner does after every write of records: this page wrote them instead.
      await setup.evaluate(() => window.benchSetup.writeFirstScreen());
      await setup.evaluate(() => window.benchSetup.writeFloorRows(false));
    });
    await quiet(pid);
    const large = await readyPairs(b, reps, [1, 5000]);
    // The 5,000-record load against the 200-cookie one, pair by pair (both in this browser run).
    return {
      version: b.version,
      small,
      large,
      scale: summary(large.samples.subject.map((ms, i) => ms / (small.samples.subject[i] ?? NaN))),
    };
  } finally {
    await b.close();
  }
}

/**
 * The proportional set size of a process (kB), from /proc/<pid>/smaps_rollup: Firefox gives its pages
 * no JS heap figure, so memory is read as the process's, in deltas.
 * @param {number} pid
 */
function pssKb(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? NaN);
}

/**
 * The median of seven PSS readings 300 ms apart: one reading moves by
 * megabytes as the process collects garbage, and a single pair of them has
 * given a negative popup.
 * @param {number} pid
 */
async function settledPssKb(pid) {
  /** @type {number[]} */
  const readings = [];
  for (let i = 0; i < 7; i += 1) {
    if (i > 0) await sleep(300);
    readings.push(pssKb(pid));
  }
  return summary(readings).median;
}

/**
 * Memory of the add-on's process: with 1,000 watched cookies recorded (the background page alone) against
 * none, and with the popup open on 500 rows against without it.
 * @param {string} dir the Firefox subject
 */
async function memoryFigures(dir) {
  const b = await launchFirefox(dir, 'subject');
  try {
    const pid = await b.extensionPid();
    await quiet(pid);
    const empty = await settledPssKb(pid);
    const heapsEmpty = await b.jsHeaps();
    const now = Date.now();
    const cookies = siteCookies(100, 10, now);
    await watchWithCookies(b, 100, cookies, true);
    await quiet(pid);
    const worker1000 = await settledPssKb(pid);
    const heaps1000 = await b.jsHeaps();
    // 500 rows: half the sites' cookies, all shown.
    await withSetup(b, (setup) =>
      setup.evaluate(
        (d) => window.benchSetup.setSettings(d, { showAllCookies: true }),
        Array.from({ length: 50 }, (_, i) => watched(site(i))),
      ),
    );
    await quiet(pid);
    const before = await settledPssKb(pid);
    const popup = await b.newPage('popup.html');
    // The popup lists 200 rows by itself; "Show more" (a DOM click, as in Chromium's figure) lists the rest.
    for (let i = 0; i < 400 && (await popup.evaluate(() => document.querySelectorAll('tbody tr[data-id]').length)) < 500; i += 1) {
      await popup.evaluate(() => /** @type {HTMLButtonElement | null} */ (document.querySelector('.show-more button'))?.click());
      await sleep(25);
    }
    const rows = await popup.evaluate(() => document.querySelectorAll('tbody tr[data-id]').length);
    // Not quiet(): an open popup's countdowns keep the thread busy every second.
    await sleep(2_000);
    const withPopup = await settledPssKb(pid);
    const heapsPopup = await b.jsHeaps();
    await popup.close();
    const BACKGROUND = '_generated_background_page.html';
    return {
      workerKb: worker1000 - empty,
      popupKb: withPopup - before,
      popupRows: rows,
      // JS memory of the pages themselves, from Firefox's memory reporters.
      heap: {
        popupBytes: heapsPopup['popup.html'] ?? NaN,
        backgroundBytes: heaps1000[BACKGROUND] ?? NaN,
        backgroundEmptyBytes: heapsEmpty[BACKGROUND] ?? NaN,
      },
    };
  } finally {
    await b.close();
  }
}

/**
 * Main-thread CPU per change for a burst of unwatched cookie changes (each a new value, so one or two
 * events in Firefox), counted by the floor add-on's own listener in its run.
 * @param {string} dir
 * @param {'subject' | 'floor'} kind
 * @param {number} changes
 */
async function unwatchedBurst(dir, kind, changes) {
  const b = await launchFirefox(dir, kind);
  try {
    const pid = await b.extensionPid();
    // The product watches 50 other sites, so its index is not empty.
    if (kind === 'subject') {
      await withSetup(b, (setup) =>
        setup.evaluate(
          (d) => window.benchSetup.setSettings(d),
          Array.from({ length: 50 }, (_, i) => watched(site(i))),
        ),
      );
    }
    const page = await b.newPage('blank.html');
    const now = Date.now();
    const base = siteCookies(20, 5, now, { prefix: 'u' });
    await setCookies(page, base);
    await quiet(pid);
    const before = threadCpuMs(pid);
    const start = performance.now();
    const rounds = Math.round(changes / base.length);
    // Set from the parent process through BiDi, so the add-on's thread does only what the events cost.
    for (let r = 0; r < rounds; r += 1) {
      await b.browser.setCookie(
        ...base.map((c) => ({
          name: c.name,
          value: `r${r}`,
          domain: new URL(c.url ?? '').hostname,
          path: '/',
          expires: (c.expires ?? 0) + r + 1,
          secure: true,
          httpOnly: c.httpOnly,
          sameSite: /** @type {const} */ ('Lax'),
        })),
      );
    }
    await page.close();
    await quiet(pid);
    // The idle trickle of the thread over the same time is small but not nothing: it is left in, in both runs.
    const ms = threadCpuMs(pid) - before;
    return {
      changes: rounds * base.length,
      cpuMs: ms,
      perChangeUs: (ms * 1000) / (rounds * base.length),
      wallMs: performance.now() - start,
    };
  } finally {
    await b.close();
  }
}

/**
 * @param {{ firefoxSubject: string; firefoxFloor: string }} dirs
 * @param {{ reps: number; eventPairs: number; firefoxChanges: number }} plan
 */
export async function runFirefox(dirs, { reps, eventPairs, firefoxChanges }) {
  const popup = await popupFigures(dirs.firefoxSubject, reps);
  const memory = await memoryFigures(dirs.firefoxSubject);
  /** @type {number[]} */ const floorUs = [];
  /** @type {number[]} */ const subjectUs = [];
  /** @type {number[]} */ const ratios = [];
  for (let i = 0; i < eventPairs; i += 1) {
    const f = await unwatchedBurst(dirs.firefoxFloor, 'floor', firefoxChanges);
    const s = await unwatchedBurst(dirs.firefoxSubject, 'subject', firefoxChanges);
    floorUs.push(f.perChangeUs);
    subjectUs.push(s.perChangeUs);
    ratios.push(s.perChangeUs / f.perChangeUs);
  }
  return {
    browser: popup.version,
    floorPage: FIREFOX_FLOOR_PAGE,
    popup,
    memory,
    unwatched: { floorUs: summary(floorUs), subjectUs: summary(subjectUs), ratio: summary(ratios) },
  };
}
